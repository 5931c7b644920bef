"""Gazetteer, actor and thing recognition (ingest.gazetteer, ingest.actors, ingest.things)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.actors import find_actors
from ingest.gazetteer import Gazetteer, trie_pattern
from ingest.records import ActorInfo, ActorMention, Span
from ingest.things import find_things

try:
    from ingest.text import split_sentences
except ImportError:  # the splitter is written in parallel; a rough one is enough here

    def split_sentences(text: str) -> list[Span]:
        return [Span(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def actors_in(text: str, gaz: Gazetteer) -> tuple[list[ActorMention], dict[str, ActorInfo]]:
    return find_actors(text, split_sentences(text), gaz)


def pairs(text: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in actors_in(text, gaz)[0]]


def assert_valid(text: str, mentions: list) -> None:
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end, "mentions overlap or are unsorted"
        last_end = m.end


# --- the dictionary ------------------------------------------------------------------------


def test_dictionary_covers_every_state_and_many_organisations(gaz: Gazetteer) -> None:
    countries = [a for a in gaz.actors() if a.kind == "country"]
    assert len(countries) >= 197
    assert sum(1 for a in gaz.actors() if a.kind in ("organization", "group")) >= 60
    assert sum(1 for a in gaz.actors() if a.kind == "company") >= 30
    for name in ("Turkey", "United States", "Russia", "China", "Taiwan", "Kosovo", "Palestine"):
        assert gaz.actor(name) is not None and gaz.codes[name]
    assert len(gaz.things()) >= 60


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Türkiye", "Turkey"),
        ("Republic of Türkiye", "Turkey"),
        ("Ankara", "Turkey"),
        ("Turks", "Turkey"),
        ("Russian Federation", "Russia"),
        ("the Kremlin", "Russia"),
        ("Kiev", "Ukraine"),
        ("U.S.", "United States"),
        ("America", "United States"),
        ("Britain", "United Kingdom"),
        ("Chinese", "China"),
        ("Tehran", "Iran"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("Pentagon", "United States Department of Defense"),
    ],
)
def test_aliases_resolve_to_canonical_names(gaz: Gazetteer, alias: str, canonical: str) -> None:
    info = gaz.actor(alias)
    assert info is not None and info.name == canonical


def test_agencies_and_companies_carry_their_country(gaz: Gazetteer) -> None:
    assert gaz.actor("Pentagon").affiliation == "United States"
    assert gaz.country_of("United States Department of Defense") == "United States"
    assert gaz.actor("Baykar").affiliation == "Turkey"
    assert gaz.actor("Lockheed Martin").kind == "company"


def test_trie_pattern_prefers_the_longest_alias() -> None:
    pattern = re.compile(trie_pattern(["U.S", "U.S.", "U.S.A.", "US"]))
    assert pattern.match("U.S.A. and").group(0) == "U.S.A."
    assert pattern.match("U.S. and").group(0) == "U.S."


def test_from_file_reads_a_plain_list(tmp_path: Path) -> None:
    path = tmp_path / "actors.json"
    entries = [{"name": "Freedonia", "kind": "country", "aliases": ["Freedonian"], "code": "FRE"}]
    path.write_text(json.dumps(entries), encoding="utf-8")
    gaz = Gazetteer.from_file(path)
    assert [a.name for a in gaz.actors()] == ["Freedonia"]
    text = "Freedonian troops left."
    assert pairs(text, gaz) == [("Freedonian", "Freedonia")]
    assert gaz.thing("S-400") is not None  # the shipped things when none are given


# --- dictionary matching -------------------------------------------------------------------


def test_possessives_and_us_spans(gaz: Gazetteer) -> None:
    text = "Turkey’s purchase and Ukraine's army worried U.S. officials and the U.S. Senate."
    found = pairs(text, gaz)
    assert ("Turkey", "Turkey") in found
    assert ("Ukraine", "Ukraine") in found
    assert ("U.S.", "United States") in found
    assert ("U.S. Senate", "United States Senate") in found


def test_case_rules(gaz: Gazetteer) -> None:
    assert pairs("We ate turkey in china.", gaz) == []
    assert pairs("TURKEY AND RUSSIA SIGN DEAL", gaz) == [("TURKEY", "Turkey"), ("RUSSIA", "Russia")]
    assert ("The Kremlin", "Russia") in pairs("The Kremlin said no.", gaz)


@pytest.mark.parametrize(
    "text",
    [
        "She reads the Washington Post daily.",
        "George Washington crossed the river.",
        "Settlers in the West Bank protested.",
        "Russia Today aired the interview.",
        "Latin American leaders met.",
        "Michael Jordan retired.",
    ],
)
def test_names_inside_other_names_are_not_actors(gaz: Gazetteer, text: str) -> None:
    assert pairs(text, gaz) == []


def test_capital_next_to_weekday_is_still_the_country(gaz: Gazetteer) -> None:
    assert pairs("Ankara Monday rejected it.", gaz) == [("Ankara", "Turkey")]


def test_weak_alias_inside_a_named_thing_is_dropped(gaz: Gazetteer) -> None:
    assert pairs("The Paris Agreement binds Iran.", gaz) == [("Iran", "Iran")]


# --- people, organisations, references -----------------------------------------------------


def test_titled_people_and_their_affiliation(gaz: Gazetteer) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov met former U.S. President Donald Trump. "
        "Pentagon spokesman John Kirby said Sen. Bob Menendez objected. "
        "Northrop Grumman CEO Ron Sugar declined to comment. Lavrov left."
    )
    mentions, actors = actors_in(text, gaz)
    assert_valid(text, mentions)
    lavrov = actors["Sergei Lavrov"]
    assert (lavrov.kind, lavrov.affiliation, lavrov.title) == (
        "person",
        "Russia",
        "Russian Foreign Minister",
    )
    assert actors["Donald Trump"].affiliation == "United States"
    assert actors["Donald Trump"].title == "former U.S. President"
    assert actors["John Kirby"].affiliation == "United States"
    assert actors["Bob Menendez"].title == "Sen."
    assert actors["Ron Sugar"].affiliation == "Northrop Grumman"
    assert [m.actor for m in mentions if m.text == "Lavrov"] == ["Sergei Lavrov"]


def test_bare_government_title_takes_the_dominant_country(gaz: Gazetteer) -> None:
    text = (
        "Turkey will not give up its missiles. Foreign Minister Ayşe Çelikkaya said Ankara "
        "had told Washington so. Çelikkaya added that Turkey's position was firm."
    )
    mentions, actors = actors_in(text, gaz)
    person = actors["Ayşe Çelikkaya"]
    assert (person.affiliation, person.title) == ("Turkey", "Foreign Minister")
    assert [m.text for m in mentions if m.actor == "Ayşe Çelikkaya"] == [
        "Ayşe Çelikkaya",
        "Çelikkaya",
    ]


def test_unicode_names(gaz: Gazetteer) -> None:
    _, actors = actors_in("Ambassador Анатолий Антонов met Minister Ľubomír Šťastný.", gaz)
    assert {"Анатолий Антонов", "Ľubomír Šťastný"} <= set(actors)


def test_head_of_an_organisation_with_acronym(gaz: Gazetteer) -> None:
    text = (
        "Spain signed. Jorge Almeida Ruiz, head of Directorate of Arms Procurement (DAP), "
        "said Spain would buy more. Critics blamed DAP's Almeida Ruiz."
    )
    mentions, actors = actors_in(text, gaz)
    assert_valid(text, mentions)
    org = actors["Directorate of Arms Procurement"]
    assert (org.kind, org.affiliation, org.aliases) == ("agency", "Spain", ("DAP",))
    person = actors["Jorge Almeida Ruiz"]
    assert person.affiliation == "Spain"
    assert person.title == "head of Directorate of Arms Procurement (DAP)"
    tail = [(m.text, m.actor) for m in mentions if m.start > text.index("Critics")]
    assert tail == [("DAP", org.name), ("Ruiz", person.name)]


def test_unknown_organisations_by_cue(gaz: Gazetteer) -> None:
    text = (
        "The Greek Naval Forces Command and Acme Holdings Inc. signed with the Ministry of "
        "Energy of Chile, Anadolu Agency reported."
    )
    _, actors = actors_in(text, gaz)
    assert actors["Greek Naval Forces Command"].kind == "military"
    assert actors["Greek Naval Forces Command"].affiliation == "Greece"
    assert actors["Acme Holdings"].kind == "company"
    assert actors["Ministry of Energy of Chile"].affiliation == "Chile"
    assert "Anadolu Agency" not in actors


def test_outlets_are_not_actors(gaz: Gazetteer) -> None:
    text = "He told private broadcaster Kanal Beyaz and the Daily Courier newspaper."
    assert all(a.kind == "country" for a in actors_in(text, gaz)[1].values())


def test_anaphor_needs_an_antecedent(gaz: Gazetteer) -> None:
    assert pairs("Members of the alliance met.", gaz) == []
    found = pairs("NATO met. The alliance agreed.", gaz)
    assert found == [("NATO", "NATO"), ("The alliance", "NATO")]


# --- things --------------------------------------------------------------------------------


def test_things_from_dictionary_and_designations(gaz: Gazetteer) -> None:
    text = (
        "Russia sent Su-57 jets and MiG-29s; Turkey flew TB2 drones, bought S-400s and asked "
        "for F-16s and Patriot batteries. CO2 and COVID-19 are not weapons; the G20 met. "
        "The Starlink terminals and the JCPOA too."
    )
    found = [(t.text, t.thing) for t in find_things(text, gaz)]
    assert found == [
        ("Su-57", "Su-57"),
        ("MiG-29s", "MiG-29"),
        ("TB2", "Bayraktar TB2"),
        ("S-400s", "S-400"),
        ("F-16s", "F-16"),
        ("Patriot", "Patriot"),
        ("Starlink", "Starlink"),
        ("JCPOA", "Iran nuclear deal"),
    ]
    assert_valid(text, find_things(text, gaz))


# --- the reference articles ----------------------------------------------------------------


def test_reference_articles(gaz: Gazetteer, seeds_dir: Path, gold: dict) -> None:
    mentions: list[ActorMention] = []
    actors: dict[str, ActorInfo] = {}
    things: set[str] = set()
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found, infos = actors_in(text, gaz)
        assert_valid(text, found)
        mentions += found
        actors.update(infos)
        things |= {t.thing for t in find_things(text, gaz)}
    texts = {(m.text, m.actor) for m in mentions}
    for wanted in [
        ("Türkiye", "Turkey"),
        ("Turkey", "Turkey"),
        ("Ankara", "Turkey"),
        ("Turkish", "Turkey"),
        ("Turks", "Turkey"),
        ("Washington", "United States"),
        ("U.S.", "United States"),
        ("Russia", "Russia"),
        ("Ukraine", "Ukraine"),
        ("Canada", "Canada"),
        ("NATO", "NATO"),
        ("the alliance", "NATO"),
        ("the West", "the West"),
        ("Western", "the West"),
        ("SSB", "Presidency of Defense Industries"),
        ("Demir", "Ismail Demir"),
        ("Çavuşoğlu", "Mevlüt Çavuşoğlu"),
        ("Altun", "Fahrettin Altun"),
    ]:
        assert wanted in texts, wanted
    by_id = {a["id"]: a for a in gold["actors"]}
    names = {"TUR": "Turkey", "USA": "United States"}
    for gid in ("CAVUSOGLU", "ALTUN", "DEMIR", "TRUMP"):
        person = actors[by_id[gid]["name"]]
        assert person.kind == "person"
        assert person.affiliation == names[by_id[gid]["affiliation"]]
    assert actors["Presidency of Defense Industries"].affiliation == "Turkey"
    assert actors["Lockheed Martin"].affiliation == "United States"
    for g in gold["actors"]:
        assert g["name"] in actors, g["name"]
    for name in gold["not_actors"]:
        assert all(name not in a for a in actors), name
    assert {"S-400", "F-35", "F-16", "Patriot", "Bayraktar TB2"} <= things


# --- robustness and speed ------------------------------------------------------------------


_PIECES = [
    *"abcAB .,'’()-\n\"",
    *("Turkey", "U.S.", "Minister ", "Çavuşoğlu", "Corp.", "Ministry", " of ", "S-400s"),
    *("NATO", "the alliance", ", head of ", "(SSB)", "Ali Veli", "Washington Post"),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_arbitrary_text_gives_valid_offsets(text: str) -> None:
    gaz = Gazetteer.default()
    mentions, actors = actors_in(text, gaz)
    assert_valid(text, mentions)
    assert {m.actor for m in mentions} <= set(actors)
    assert_valid(text, find_things(text, gaz))


def test_a_megabyte_is_matched_quickly(gaz: Gazetteer) -> None:
    para = (
        "Foreign Minister Mevlüt Çavuşoğlu said Ankara and Washington discussed the S-400s, "
        "while the Kremlin and NATO watched. Pentagon spokesman John Kirby disagreed. "
    )
    text = para * (1_000_000 // len(para))
    started = time.perf_counter()
    mentions, _ = find_actors(text, [], gaz)
    find_things(text, gaz)
    assert time.perf_counter() - started < 20
    assert len(mentions) > 10_000
