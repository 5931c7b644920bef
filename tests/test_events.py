"""ingest.events on hand-built records (no dependency on the actor/timex modules)."""

from __future__ import annotations

import re
from datetime import date

from ingest.events import find_events, recent_range
from ingest.pipeline import extract
from ingest.records import ActorInfo, ActorMention, DateSpan, Span, ThingMention, Timex

ACTORS = {
    "Ankara": ("Turkey", "country"),
    "Turkey": ("Turkey", "country"),
    "Washington": ("United States", "country"),
    "Russian": ("Russia", "country"),
    "Ukraine": ("Ukraine", "country"),
    "Jane Roe": ("Jane Roe", "person"),
    "Roe": ("Jane Roe", "person"),
}
THINGS = {"F-16s": "F-16", "S-400s": "S-400", "S-400": "S-400"}


def sentences(text: str) -> list[Span]:
    """Split after . ! ? when a capital or a quote follows (enough for these sentences)."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"])", text):
        spans.append(Span(start, m.start()))
        start = m.end()
    return [*spans, Span(start, len(text))]


def mentions(text: str) -> list[ActorMention]:
    out = []
    for form, (name, kind) in ACTORS.items():
        for m in re.finditer(rf"\b{re.escape(form)}\b", text):
            if not any(o.start <= m.start() < o.end for o in out):
                out.append(ActorMention(m.start(), m.end(), form, name, kind))
    return sorted(out, key=lambda m: m.start)


def things(text: str) -> list[ThingMention]:
    out = []
    for form, name in THINGS.items():
        for m in re.finditer(rf"{re.escape(form)}(?![\w-])", text):
            if not any(o.start <= m.start() < o.end for o in out):
                out.append(ThingMention(m.start(), m.end(), form, name))
    return sorted(out, key=lambda t: t.start)


def timex(
    text: str, phrase: str, value: str, span: DateSpan | None, type_: str = "DATE", nth: int = 0
) -> Timex:
    start = [m.start() for m in re.finditer(re.escape(phrase), text)][nth]
    return Timex(start, start + len(phrase), phrase, type_, value, span)


def day(y: int, m: int, d: int) -> DateSpan:
    return DateSpan(f"{y}-{m:02d}-{d:02d}", date(y, m, d), date(y, m, d), "day")


def run(text: str, timexes: list[Timex], dct: date | None = None, actors=None):
    return find_events(text, sentences(text), timexes, mentions(text), things(text), dct, actors)


def test_a_date_attached_to_the_verb_dates_the_event():
    text = "Ankara requested F-16s from Washington in October 2021."
    oct21 = DateSpan("2021-10", date(2021, 10, 1), date(2021, 10, 31), "month")
    [event] = run(text, [timex(text, "October 2021", "2021-10", oct21)])
    assert event.id == "e1"
    assert event.event_type == "request"
    assert event.date == oct21
    assert event.timex == Span(text.index("October"), text.index("October") + 12)
    roles = {a.name: a.role for a in event.actors}
    assert roles["Turkey"] == "agent" and roles["United States"] == "patient"
    assert event.things == ["F-16"]
    assert event.evidence == Span(0, len(text))


def test_content_verb_reported_by_a_dated_speech_act_takes_the_speech_date():
    text = "Ankara refused the proposal, the country's top diplomat said Sunday."
    [event] = run(text, [timex(text, "Sunday", "2023-05-07", day(2023, 5, 7))])
    assert event.event_type == "refusal"
    assert event.date == day(2023, 5, 7)
    assert event.summary.startswith("Ankara refused the proposal")
    assert "diplomat" not in event.summary


def test_reported_past_event_without_a_date_stays_undated():
    text = "Washington proposed a deal to Ankara, Jane Roe told a broadcaster."
    [event] = run(text, [], dct=date(2023, 5, 7))
    assert event.event_type == "proposal"
    assert event.date is None
    roles = {a.name: a.role for a in event.actors}
    assert roles["Jane Roe"] == "speaker"


def test_relative_clause_with_its_own_date_is_a_second_event():
    text = (
        "Washington raised with Turkey the idea as Ukraine fights the Russian invasion "
        "that began on Feb. 24."
    )
    feb = day(2022, 2, 24)
    events = run(text, [timex(text, "Feb. 24", "2022-02-24", feb)])
    assert [e.event_type for e in events] == ["proposal", "military"]
    assert events[0].date is None
    assert events[1].date == feb
    assert {"Russia", "Ukraine"} <= {a.name for a in events[1].actors}
    assert [e.id for e in events] == ["e1", "e2"]


def test_fronted_date_dates_the_main_clause():
    text = "In 2017, when talks proved futile, Turkey signed a contract with Russian firms."
    y2017 = DateSpan("2017", date(2017, 1, 1), date(2017, 12, 31), "year")
    [event] = run(text, [timex(text, "2017", "2017", y2017)])
    assert event.event_type == "agreement" and event.date == y2017


def test_lede_takes_the_date_of_the_next_speech_act_by_the_same_side():
    text = (
        "Turkey has rejected the idea of sending its S-400s to Ukraine.\n"
        '"This idea is unrealistic," Jane Roe said Wednesday.'
    )
    actors = {"Jane Roe": ActorInfo("Jane Roe", "person", "Turkey")}
    wed = day(2022, 3, 23)
    events = run(text, [timex(text, "Wednesday", "2022-03-23", wed)], actors=actors)
    assert events[0].event_type == "refusal" and events[0].date == wed
    # a speaker from another side does not date the lede
    other = {"Jane Roe": ActorInfo("Jane Roe", "person", "Canada")}
    events = run(text, [timex(text, "Wednesday", "2022-03-23", wed)], actors=other)
    assert events[0].date is None


def test_recent_week_gives_a_bounded_range_only_with_a_dct():
    text = "Reports over the recent week floated that Washington raised the idea with Turkey."
    [event] = run(text, [], dct=date(2022, 3, 23))
    assert event.date is not None and event.date.approximate
    assert (event.date.earliest, event.date.latest) == (date(2022, 3, 16), date(2022, 3, 23))
    [event] = run(text, [], dct=None)
    assert event.date is None
    assert recent_range(text, Span(0, len(text)), None) is None


def test_present_ref_durations_and_sets_never_date_an_event():
    text = "Ankara is now buying S-400s from Russian firms for two years every week."
    txs = [
        Timex(
            text.index("now"), text.index("now") + 3, "now", "DATE", "PRESENT_REF", day(2023, 5, 7)
        ),
        timex(text, "two years", "P2Y", None, "DURATION"),
        timex(text, "every week", "P1W", None, "SET"),
    ]
    [event] = run(text, txs)
    assert event.date is None


def test_unresolved_relative_date_is_kept_unplaced_not_guessed():
    text = "Ankara refused the offer, Jane Roe said Sunday."
    tx = Timex(text.index("Sunday"), text.index("Sunday") + 6, "Sunday", "DATE", "XXXX-WXX-7")
    [event] = run(text, [tx])
    assert event.date is not None and event.date.value == "XXXX-WXX-7"
    assert not event.date.resolved


def test_sentences_without_actor_or_verb_are_skipped_and_huge_ones_too():
    text = "The weather was fine. " + "Ankara attacked " * 400 + "Washington."
    spans = [Span(0, 21), Span(22, len(text))]
    assert find_events(text, spans, [], mentions(text), [], None) == []


def test_pronoun_speaker_resolves_to_the_last_person():
    text = 'Jane Roe criticized Washington. "Ankara refused the S-400 deal," she said.'
    events = run(text, [])
    assert "Jane Roe" in {a.name for a in events[1].actors}


# --- tense decides what an undated event is about -------------------------------------------


def _dates(text: str, dct: date | None = date(2010, 6, 8)) -> list[str | None]:
    x = extract(text, dct)
    return [e.date.value if e.date else None for e in x.events]


def test_present_tense_takes_the_reporting_date_marked_approximate():
    x = extract("Apple is launching a new phone with AT&T.", date(2010, 6, 8))
    event = x.events[0]
    assert event.date is not None and event.date.value == "2010-06-08"
    assert event.date.approximate and "reporting date" in event.date.note


def test_reported_past_action_without_a_date_stays_undated():
    assert _dates("Washington proposed a deal to Ankara.") == [None]


def test_nothing_takes_a_reporting_date_without_a_publication_date():
    assert _dates("Apple is launching a new phone with AT&T.", None) == [None]


def test_modal_future_is_not_dated_by_the_report():
    assert _dates("Apple will release the phone with AT&T.") == [None]


def test_a_person_s_later_acts_share_the_occasion_of_the_dated_one():
    text = (
        "CEO Steve Jobs unveiled the phone on Monday.\n"
        "Jobs demoed the new camera.\n"
        "Jobs said the phone would be released in 2011."
    )
    assert _dates(text)[:2] == ["2010-06-07", "2010-06-07"]


def test_modifier_years_do_not_date_the_verb():
    # "the 1991 agreement" names an agreement; the claim itself is stated now
    x = extract("Apple Corps claims that Apple violates the 1991 agreement.", date(2006, 3, 28))
    assert [e.date.value for e in x.events if e.date] == ["2006-03-28"]
