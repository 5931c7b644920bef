"""Property tests through ``ingest/`` (a few hundred examples here; ``bash scripts/fuzz.sh``
runs 100,000+ with the same properties)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings

from tests.fuzzing.properties import (
    DCTS,
    FORMATS,
    check_extraction,
    check_read_and_extract,
    date_phrases,
    html_documents,
    texts,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=texts(), dct=DCTS)
def test_extract_arbitrary_text(text: str, dct: date | None) -> None:
    check_extraction(text, dct)


@SETTINGS
@given(raw=texts(), fmt=FORMATS, dct=DCTS)
def test_read_then_extract_arbitrary_text(raw: str, fmt: str, dct: date | None) -> None:
    check_read_and_extract(raw, fmt, dct)


@SETTINGS
@given(doc=html_documents(), dct=DCTS)
def test_random_html(doc: str, dct: date | None) -> None:
    check_read_and_extract(doc, "html", dct)


@SETTINGS
@given(phrases=date_phrases(), dct=DCTS)
def test_random_dates(phrases: str, dct: date | None) -> None:
    check_extraction(f"Turkey said on {phrases} that it would buy the S-400. {phrases}.", dct)
