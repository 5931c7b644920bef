"""ingest.merge: cross-article event keys and grouping."""

from __future__ import annotations

from datetime import date

from ingest.merge import EventKey, content_words, event_key, group_events, same_event, stem
from ingest.records import DateSpan, Event, EventActor, Span

Y2019 = DateSpan("2019", date(2019, 1, 1), date(2019, 12, 31), "year")
D2022 = DateSpan("2022-03-23", date(2022, 3, 23), date(2022, 3, 23), "day")
D2023 = DateSpan("2023-05-07", date(2023, 5, 7), date(2023, 5, 7), "day")


def key(sentence: str, source: str, type_: str, actors: set[str], things: set[str],
        when: DateSpan | None = None) -> EventKey:
    event = Event("e1", sentence, Span(0, len(sentence)), when, type_,
                  [EventActor(a, "participant") for a in sorted(actors)], sorted(things))
    return event_key(sentence, event, source)


REMOVAL_A = key("The purchase led to Turkey being removed from the F-35 program.", "a",
                "sanction", {"Turkey"}, {"F-35"})
REMOVAL_B = key("The U.S. removed Turkey from the F-35 program in 2019.", "b", "sanction",
                {"United States", "Turkey"}, {"F-35"}, Y2019)
REFUSAL_A = key("Ankara refused to send the S-400 to Ukraine, the minister said.", "a",
                "refusal", {"Turkey", "Ukraine"}, {"S-400"}, D2023)
REFUSAL_B = key("Turkey rejected sending the S-400 to Ukraine.", "b", "refusal",
                {"Turkey", "Ukraine"}, {"S-400"}, D2022)


def test_words_are_stemmed_content_words_plus_the_type():
    assert stem("removed") == stem("removal") == "remov"
    assert "the" not in content_words("The system was removed")
    assert "#sanction" in REMOVAL_A.words


def test_two_reports_of_one_removal_merge():
    assert same_event(REMOVAL_A, REMOVAL_B)


def test_same_source_never_merges():
    clone = EventKey(REMOVAL_B.date, REMOVAL_B.actors, REMOVAL_B.things, REMOVAL_B.words, "a")
    assert not same_event(REMOVAL_A, clone)


def test_refusals_a_year_apart_stay_apart():
    assert not same_event(REFUSAL_A, REFUSAL_B)
    undated = EventKey(None, REFUSAL_B.actors, REFUSAL_B.things, REFUSAL_B.words, "b")
    assert same_event(REFUSAL_A, undated)  # undated: nothing contradicts it


def test_different_things_or_no_shared_actor_stay_apart():
    other_thing = EventKey(None, REMOVAL_B.actors, frozenset({"F-16"}), REMOVAL_B.words, "b")
    assert not same_event(REMOVAL_A, other_thing)
    other_actor = EventKey(None, frozenset({"Canada"}), REMOVAL_B.things, REMOVAL_B.words, "b")
    assert not same_event(REMOVAL_A, other_actor)


def test_group_events_returns_groups_of_two_or_more():
    keys = [REMOVAL_A, REFUSAL_A, REMOVAL_B, REFUSAL_B]
    assert group_events(keys) == [[0, 2]]
    assert group_events([]) == []
