"""Benchmark commands (`python main.py evaluate TASK DIR`): each module exposes
`evaluate(dir: Path) -> dict` of figures that main.py prints as one JSON line.

Pure like the rest of `ingest/`: no Qt, no database.
"""
