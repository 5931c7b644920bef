"""Application services between the GUI (or the command line) and storage.

``db/`` stores and reads; a service decides what to read again and calls the extraction
(``ingest.pipeline.extract``): importing files (``importing``), re-reading articles after a
dictionary edit (``relink``) or a publication-date change (``redate``), the import journal
(``journal``).  Services import no Qt: the viewer runs them on its database worker.
"""
