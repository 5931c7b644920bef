"""Stances read from the sentence's structure: holders, polarity that composes, readable
targets and issues, attribution.  Sentences written for these tests about many stories (no
seed text); each one says what a careful reader would note."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.pipeline import extract
from ingest.records import Stance
from ingest.stance_lines import stance_lines

DCT = date(2024, 3, 11)


def _stances(text: str) -> list[Stance]:
    return extract(text, DCT).stances


def _one(stances: list[Stance], holder: str) -> Stance:
    found = [s for s in stances if s.holder == holder]
    assert found, [(s.holder, s.polarity, s.issue) for s in stances]
    return found[0]


def test_a_rejection_is_against_what_is_rejected():
    s = _one(_stances("Japan rejected the proposal to build a new base on Okinawa."), "Japan")
    assert s.polarity == "against"
    assert "base on Okinawa" in s.target  # what was proposed, not "the proposal"


def test_asking_for_an_action_is_being_for_it_with_a_readable_target():
    s = _one(
        _stances("Washington asked Ankara to send the S-300 systems to Kyiv."), "United States"
    )
    assert s.polarity == "for"
    assert s.target.startswith("sending the S-300 systems")
    assert "S-300" in s.issue


def test_for_a_halt_of_something_is_against_it():
    s = _one(_stances("Poland demanded a halt to Nord Stream 2 on Monday."), "Poland")
    assert s.polarity == "against"
    assert "Nord Stream 2" in s.issue


def test_not_planning_to_abandon_something_is_being_for_it():
    s = _one(_stances("Greece does not plan to abandon the S-300 missiles."), "Greece")
    assert s.polarity == "for"
    assert "S-300" in s.issue


def test_an_accusation_makes_the_accused_actor_the_issue():
    s = _one(_stances("Syria accused Israel of violating its airspace on Sunday."), "Syria")
    assert s.polarity == "against"
    assert s.issue == "Israel"


def test_calling_something_historic_is_for_it():
    text = "President Lina Moreau called the agreement a historic understanding on Friday."
    s = _one(_stances(text), "Lina Moreau")
    assert s.polarity == "for"
    assert "agreement" in s.target


def test_out_of_the_question_composes_and_the_holder_is_the_speaker():
    text = '"Leaving the alliance is out of the question," Prime Minister Ian Holt said.'
    s = _one(_stances(text), "Ian Holt")
    # against leaving the alliance is for the alliance
    assert (s.polarity, s.target) == ("for", "the alliance")
    assert s.attribution is not None and s.attribution.speaker == "Ian Holt"


def test_the_cited_medium_is_kept_with_the_claim():
    text = "Turkey will not send the systems to Ukraine, Omer Celik told Russia's Izvestia."
    stances = _stances(text)
    assert any(s.attribution and "Izvestia" in s.attribution.medium for s in stances), stances


def test_support_is_for_and_opposition_against():
    stances = _stances(
        "Germany supported the new sanctions package. Hungary opposed the package."
    )
    assert _one(stances, "Germany").polarity == "for"
    assert _one(stances, "Hungary").polarity == "against"


def test_stances_command_prints_one_line_each(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Japan rejected the proposal to build a new base on Okinawa.\n",
                    encoding="utf-8")
    lines = list(stance_lines(path, DCT))
    assert lines and lines[0].startswith("Japan | against | ")
    assert lines[0].count(" | ") == 4


def test_the_move_is_what_the_sentence_before_did_and_called_unjust_is_against_it():
    stances = _stances(
        "Canada suspended Turkey from the Typhoon programme in 2020. "
        "Turkey has called the move unjust and demanded compensation."
    )
    s = next(s for s in stances if s.holder == "Turkey" and "move" in s.target)
    assert s.polarity == "against"
    assert "Typhoon" in s.issue or "Typhoon" in s.target


def test_welcoming_a_decision_takes_the_decisions_side_on_its_issue():
    stances = _stances(
        "Norway halted the construction of the Arctic Link pipeline on Monday. "
        "Sweden welcomed the decision. Finland criticised the move."
    )
    about = {(s.holder, s.polarity, s.issue) for s in stances}
    assert ("Norway", "against", "Arctic Link") in about
    assert ("Sweden", "against", "Arctic Link") in about  # for the halt: against the pipeline
    assert ("Finland", "for", "Arctic Link") in about  # against the halt: for the pipeline


def test_a_halt_hung_on_the_verb_by_the_parse_is_still_a_halt_of_what_follows():
    # the parse may attach "to the … pipeline" to "demanded", not to "halt"
    s = _one(_stances("Lithuania demanded an immediate halt to the Baltic Amber pipeline."),
             "Lithuania")
    assert s.polarity == "against"
    assert s.target == "the Baltic Amber pipeline"  # no "to", not "an immediate halt"


def test_lifting_a_ban_is_against_the_ban_whoever_owns_it():
    s = _one(_stances("The European Union urged that Turkey lift its ban on poultry imports."),
             "European Union")
    assert s.polarity == "against" and "ban on poultry imports" in s.target
    s = _one(_stances("President William Ruto said he is prepared to lift the ban on the Harvest "
                      "Party but not with its old leadership."), "William Ruto")
    assert s.polarity == "against" and "ban" in s.issue  # "its" further in is not his


def test_a_demand_that_another_actor_act_is_about_that_act():
    x = extract("Amnesty International repeated its demand that Egypt lift restrictions on the "
                "press.", DCT)
    assert [(e.event_type, e.source, e.target) for e in x.events] == [
        ("REQUEST", ["Amnesty International"], ["Egypt"])]
    s = _one(x.stances, "Amnesty International")
    assert (s.polarity, s.target) == ("against", "restrictions on the press")  # not "its demand"
    s = _one(_stances("The African Union renewed its demand that Sudan lift the curfew in "
                      "Khartoum."), "African Union")
    assert (s.polarity, s.target) == ("against", "the curfew")


def test_withdrawing_ones_own_troops_is_the_issue_not_a_stand_against_the_troops():
    s = _one(_stances("Armenia agreed to withdraw its troops from the border."), "Armenia")
    assert s.polarity == "for"
    assert s.target == s.issue == "withdrawing its troops from the border"


def test_a_statement_demanding_something_is_for_what_it_demands():
    s = _one(_stances("Hamas issued a statement demanding that Egypt open the Rafah crossing."),
             "Hamas")
    assert (s.polarity, s.target) == ("for", "opening the Rafah crossing")  # not "a statement"


def test_no_stance_on_oneself_nor_the_same_position_twice_nor_on_a_left_oblique():
    stances = _stances("The United States wants a ban on Huawei equipment.")
    assert [(s.holder, s.polarity) for s in stances] == [("United States", "against")]
    s = _one(_stances("For example, Norway blocked arms sales to Ethiopia."), "Norway")
    assert s.target != "For example"
    x = extract("Berlin said that leaving the treaty is out of the question.", DCT)
    assert [e.event_type for e in x.events] != ["AGREE"]  # leaving a treaty agrees nothing
    assert (_one(x.stances, "Germany").polarity, x.stances[0].target) == ("for", "the treaty")


def test_targets_read_as_phrases():
    # a passive stays passive; a cut phrase ends where a phrase ends; the clause that made
    # the event gives the target
    from ingest import phrases
    from ingest.nlp import parse
    from ingest.text import split_sentences

    text = "We are owed that money."
    owed = next(t for t in parse(text, split_sentences(text)) if t.text == "owed")
    assert phrases.gerund_phrase(owed, set()) == "being owed that money"
    x = extract("Reports that Brazil had offered the tanks first appeared in May, when Chilean "
                "officials dismissed them.", DCT)
    assert all(not st.target.startswith("appearing") for st in x.stances)
    assert not any(st.target.lower() in ("publishing", "staying there") for st in _stances(
        "Oslo criticised publishing. Greece wants it to stay there."))


def test_a_willing_actor_is_willing_in_the_headline():
    x = extract("Syria says it is willing to withdraw its troops from the Golan.", DCT)
    assert [(e.event_type, e.summary) for e in x.events] == [
        ("AGREE", "Syria is willing to withdraw its troops from the Golan")]


def test_a_news_paragraph_reads_as_a_careful_reader_would():
    text = ("Foreign Minister Jan Lipavsky told reporters in Prague that Czechia would not support "
            "measures that damage its farmers. Slovakia has not yet decided whether to back the "
            "tariff. Austria's chancellor said Vienna backed the tariff but urged the Commission "
            "to exempt fertiliser. Beijing condemned the plan, with foreign ministry spokesman "
            "Wang Wenbin warning that China would respond.")
    x = extract(text, DCT)
    said = {(s.holder, s.polarity, s.target) for s in x.stances}
    assert ("Austria", "for", "the tariff") in said  # not the other clause's "exempting"
    assert ("China", "against", "the plan") in said  # not its own spokesman
    assert not any(e.source == ["Slovakia"] for e in x.events)  # undecided is no refusal
    czech = next(s for s in x.stances if s.holder == "Czech Republic")
    assert czech.polarity == "against"
    assert czech.attribution is None or "reporters" not in czech.attribution.medium


def test_a_reaction_drawn_from_others_is_theirs():
    x = extract("Kenya said on Monday it had finished the new pipeline, drawing an immediate "
                "protest from Uganda, which called the move a breach of the treaty.", DCT)
    protest = next(e for e in x.events if e.source == ["Uganda"])
    assert protest.target == ["Kenya"] and protest.summary == "Uganda protests against Kenya"
    assert {s.holder for s in x.stances} == {"Uganda"}  # the one who called the move a breach
    x = extract("The port's expansion drew objections from both Togo and Benin.", DCT)
    assert {(s.holder, s.polarity, s.target) for s in x.stances} == {
        ("Togo", "against", "the port's expansion"), ("Benin", "against", "the port's expansion")}


def test_an_attitude_noun_is_about_its_complement():
    s = _one(_stances("Japan voiced strong opposition to the planned missile tests."), "Japan")
    assert (s.polarity, s.target) == ("against", "the planned missile tests")
    stances = _stances("The United States expressed concern over the stalled talks, a State "
                       "Department spokesman said.")
    assert [(s.holder, s.polarity, s.target) for s in stances] == [
        ("United States", "against", "the stalled talks")]  # not the speaker against the US


def test_an_event_a_noun_names_lends_no_words_of_another_clause():
    x = extract("Reports said Canada raised with Peru the possibility of selling the frigates "
                "as it tries to fend off the Brazilian blockade that began on 3 May.", DCT)
    assert not any(s.holder == "Brazil" for s in x.stances)


def test_regret_over_a_decision_and_a_stab_in_the_back_are_against_it():
    text = ("Chile cancelled a $2 billion frigate deal with Spain on Thursday. Spain's foreign "
            "minister called the decision a stab in the back. EU foreign policy chief Josep "
            "Borrell said the bloc had not been consulted and expressed regret over the "
            "decision.")
    said = {(s.holder, s.polarity, s.target) for s in extract(text, DCT).stances}
    assert ("European Union", "against", "the decision") in said or (
        "Josep Borrell", "against", "the decision") in said
    assert not any(h in ("European Union", "Josep Borrell") and p == "for" for h, p, _t in said)


def test_a_list_of_nouns_keeps_its_and():
    x = extract("France recalled its ambassadors to the United States and Australia.", DCT)
    assert x.events[0].summary == (
        "France recalls its ambassadors to the United States and Australia")


def test_blacklisting_and_resisting_an_exclusion():
    text = ("The Commerce Department added ZTE to its entity list on Tuesday. Germany has so "
            "far resisted U.S. pressure to exclude ZTE from its 5G networks.")
    x = extract(text, DCT)
    assert ("SANCTION", ["ZTE"]) in [(e.event_type, e.target[:1]) for e in x.events]
    said = {(s.holder, s.polarity, s.issue) for s in x.stances}
    assert ("Germany", "for", "ZTE") in said  # against excluding ZTE is for ZTE
    assert not any(h == "Germany" and p == "against" and i == "ZTE" for h, p, i in said)
    assert all("purchase" not in s.issue for s in _stances(
        "President Joe Biden signed an executive order on Tuesday."))
