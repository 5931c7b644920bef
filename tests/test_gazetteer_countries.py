"""The country entries of resources/actors.json against pycountry (ISO 3166), which
resources/tools/build_gazetteer.py takes their codes and official names from."""

from __future__ import annotations

import json

import pycountry
import pytest

import resources
from ingest.gazetteer import Gazetteer

# States ISO 3166-1 does not list, typed by hand in the builder's NON_ISO table.
NON_ISO = {"XKX": "Kosovo"}


def _countries() -> list[dict]:
    doc = json.loads(resources.path("actors.json").read_text(encoding="utf-8"))
    return [e for e in doc["actors"] if e["kind"] == "country"]


def _iso(code: str):
    return pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)


def test_every_country_has_a_code_pycountry_knows() -> None:
    countries = _countries()
    assert len(countries) >= 197
    codes = [e["code"] for e in countries]
    assert len(codes) == len(set(codes)), "two countries share a code"
    for e in countries:
        if NON_ISO.get(e["code"]) == e["name"]:
            continue
        assert _iso(e["code"]) is not None, (e["name"], e["code"])


def test_every_country_has_its_official_name_among_its_aliases() -> None:
    for e in _countries():
        country = pycountry.countries.get(alpha_3=e["code"])
        if country is None:  # Kosovo, the Soviet Union: typed by hand
            continue
        forms = {e["name"], *e["aliases"]}
        official = getattr(country, "official_name", None)
        if official:
            assert official in forms, (e["name"], official)
        if ", " not in country.name and "(" not in country.name:  # not "Korea, Republic of"
            assert country.name in forms, (e["name"], country.name)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TUR", "Turkey"),
        ("USA", "United States"),
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("SYR", "Syria"),
        ("GBR", "United Kingdom"),
        ("COD", "DR Congo"),
        ("TWN", "Taiwan"),
    ],
)
def test_display_name_is_the_news_name(code: str, name: str) -> None:
    assert {e["code"]: e["name"] for e in _countries()}[code] == name


@pytest.mark.parametrize(
    "form",
    [
        "Turkey",
        "Türkiye",
        "Turkiye",
        "Republic of Türkiye",
        "Republic of Turkey",
        "Ankara",
        "Turkish",
        "Turks",
    ],
)
def test_turkey_forms_map_to_turkey(form: str) -> None:
    actor = Gazetteer.default().actor(form)
    assert actor is not None and actor.name == "Turkey", form


@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("Russian Federation", "Russia"),
        ("Czechia", "Czech Republic"),
        ("Brunei Darussalam", "Brunei"),
        ("Syrian Arab Republic", "Syria"),
        ("Islamic Republic of Iran", "Iran"),
        ("Democratic Republic of the Congo", "DR Congo"),
        ("Republic of Congo", "Congo"),
        ("Kosovar", "Kosovo"),
        ("USSR", "Soviet Union"),
    ],
)
def test_library_and_hand_typed_forms_both_map(form: str, name: str) -> None:
    actor = Gazetteer.default().actor(form)
    assert actor is not None and actor.name == name, form
