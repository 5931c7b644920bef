"""Training Stanceline's language pipeline from the open treebank in ``../shared/data``.

Never imported by the product: the app loads the trained pipeline committed under
``resources/nlp/``.  ``python main.py train-model`` runs :func:`training.train.main`.
"""
