"""ingest.stances on hand-built records."""

from __future__ import annotations

from ingest.events import find_events
from ingest.stances import find_stances, gerund, target_key
from tests.test_events import mentions, sentences, things


def run(text: str):
    spans = sentences(text)
    events = find_events(text, spans, [], mentions(text), things(text), None)
    return find_stances(text, spans, mentions(text), things(text), events, None)


def one(stances, holder):
    found = [s for s in stances if s.holder == holder]
    assert found, stances
    return found[0]


def test_asking_someone_to_do_something_is_for_it():
    text = "Washington asked Ankara to send the S-400s to Ukraine."
    s = one(run(text), "United States")
    assert s.polarity == "for"
    assert s.target == "sending the S-400s to Ukraine"
    assert s.target_key == "transfer S-400 →Ukraine"
    assert s.event_id == "e1"


def test_negated_want_is_against_and_the_program_resolves_to_the_thing():
    text = "Asked about the S-400 program, Roe said Ankara does not want to return to the program."
    s = one(run(text), "Turkey")
    assert s.polarity == "against"
    assert s.target == "returning to the S-400 program"


def test_negated_relinquishing_means_keeping():
    text = "Jane Roe said Turkey does not plan to abandon the S-400s."
    s = one(run(text), "Turkey")
    assert (s.polarity, s.target) == ("for", "keeping the S-400s")
    text = '"Abandoning the S-400s is out of the question," Jane Roe said.'
    s = one(run(text), "Jane Roe")
    assert (s.polarity, s.target) == ("for", "keeping the S-400s")


def test_said_no_refers_to_the_proposition_just_made_and_we_is_the_speaker():
    text = ('Jane Roe spoke to reporters. "Washington asked us to send the S-400s to Ukraine, '
            'and we said no," she said.')
    stances = run(text)
    assert one(stances, "United States").polarity == "for"
    s = one(stances, "Jane Roe")
    assert (s.polarity, s.target) == ("against", "sending the S-400s to Ukraine")


def test_called_the_move_unjust_is_against_the_previous_action():
    text = "Washington removed Turkey from the S-400 deal. Turkey has called the move unjust."
    s = one(run(text), "Turkey")
    assert s.polarity == "against"
    assert s.target == "removing Turkey from the S-400 deal"


def test_opposed_their_deployment_names_the_thing():
    text = "Washington opposed their deployment, claiming the S-400 would be incompatible."
    stances = run(text)
    targets = {(s.polarity, s.target) for s in stances if s.holder == "United States"}
    assert ("against", "deployment of the S-400") in targets
    assert ("against", "the S-400") in targets


def test_the_official_resolves_to_the_last_person_and_urging_carries_the_subject():
    text = ("Jane Roe spoke on Monday. The top official stressed nothing had changed, urging "
            "Washington to deliver F-16s to Ankara.")
    s = one(run(text), "Jane Roe")
    assert (s.polarity, s.target) == ("for", "delivering F-16s to Ankara")


def test_no_holder_no_stance_and_reports_are_not_attitudes():
    assert run("They said that it was fine.") == []
    assert run("Washington said that Ankara bought S-400s.") == []


def test_target_key_groups_wordings():
    assert target_key("sending the S-400s to Ukraine", ["S-400"], ["Ukraine"]) == target_key(
        "transferring S-400 missiles to Ukraine", ["S-400"], ["Ukraine"]
    )
    assert target_key("keeping the S-400s", ["S-400"], []) == "keep S-400"
    assert gerund("stop") == "stopping" and gerund("give") == "giving" and gerund("be") == "being"
