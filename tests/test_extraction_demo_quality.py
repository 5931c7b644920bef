"""Rules an analyst notices on the demo: who is who, readable summaries, readable stance
targets (texts written for these tests; no demo or seed text)."""

from __future__ import annotations

from datetime import date

from ingest.pipeline import extract
from ingest.records import Extraction
from ingest.text import split_sentences

DCT = date(2024, 3, 11)


def _x(text: str) -> Extraction:
    return extract(text, DCT)


def test_title_of_an_organisation_then_a_name_is_a_person():
    x = _x("The founder of Nordwind Corp. Lena Brandt has died yesterday, the company said.")
    assert x.actors["Lena Brandt"].kind == "person"
    died = next(e for e in x.events if "dies" in e.summary or "died" in e.summary)
    assert died.date is not None and died.date.value == "2024-03-10"
    assert "Lena Brandt" in {a.name for a in died.actors}


def test_place_before_a_titled_name_is_not_a_person():
    x = _x("In Cape Town, Acme CEO Mark Olsen announced a new plant on Monday.")
    assert "Cape Town" not in x.actors
    assert x.actors["Mark Olsen"].kind == "person"


def test_people_introduced_by_who_runs_and_by_its_head():
    x = _x(
        "Jonas Ek, who runs the Office of Naval Procurement (ONP), declined to comment. "
        "Washington sanctioned the Swedish Arms Agency and its head, Per Lind, on Monday."
    )
    assert x.actors["Jonas Ek"].kind == "person"
    assert x.actors["Per Lind"].kind == "person"


def test_questions_and_undated_hypotheticals_are_not_events():
    x = _x(
        "What are Greek officials saying? The move would remove the main irritant between "
        "Athens and Ankara. Greece rejected the offer on Sunday."
    )
    summaries = [e.summary for e in x.events]
    assert not any("saying" in s or "irritant" in s for s in summaries)
    assert any("rejects the offer" in s for s in summaries)


def test_nationality_adjective_makes_the_next_word_a_noun():
    x = _x("It appeared in American press reports last week.")
    assert all(e.event_type != "demand" for e in x.events)


def test_summary_starts_at_the_sentence_not_inside_a_noun_phrase():
    x = _x(
        "The plan of moving Norway's old frigates to Poland, floated in February by several "
        "officials close to the ministry, revived a quarrel between Oslo and Warsaw on Sunday."
    )
    assert x.events and x.events[0].summary.startswith("The plan of moving")


def test_a_request_to_do_something_is_the_target_and_give_up_means_keeping():
    x = _x(
        "Greece rejected a Turkish request to transfer its S-300 batteries to Cyprus on "
        "Sunday. The United States still wants Ankara to give the S-400 system up, a spokesman "
        "said."
    )
    targets = {(s.holder, s.polarity, s.issue) for s in x.stances}
    assert ("Greece", "against", "S-300 transfer to Cyprus") in targets
    # wanting Ankara to give the system up is being against it
    assert ("United States", "against", "S-400") in targets


def test_an_actor_is_an_issue_only_when_the_stance_is_about_them():
    x = _x("Ankara asked Washington for help on Monday. Athens opposed Washington on Tuesday.")
    about = {(s.holder, s.polarity, s.issue) for s in x.stances}
    assert ("Greece", "against", "United States") in about  # "opposed Washington"
    assert all(s.issue != "United States" for s in x.stances if s.holder == "Turkey")


def test_indented_continuation_of_a_list_item_is_one_sentence():
    text = "- July 2019: within days the United States removes\n   Türkiye from the programme.\n"
    spans = split_sentences(text)
    assert len(spans) == 1 and text[spans[0].start : spans[0].end].endswith("programme.")
