"""Schema upgrade steps, one module per version: ``v<N>.upgrade_<N-1>_to_<N>(connection)``.

Each step is additive DDL run on an open SQLAlchemy ``Connection`` inside the caller's
transaction; the migration runner (db/migrations.py) decides when to call it.
"""
