"""Rules added for TempEval-3 (issue 3): each one checked on a sentence of its own."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.timex import find_timexes


def values(text: str, dct: date | None) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, dct)]


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        # Past tense, but the past occurrence is eleven months back and the next one weeks away.
        (
            "Directors declared a dividend payable Dec. 15 to holders of record.",
            date(1989, 10, 26),
            ("Dec. 15", "DATE", "1989-12-15"),
        ),
        # Future tense, but last year's occurrence is eleven days back.
        (
            "She will also hope for new aid, which was pledged Aug. 7.",
            date(1998, 8, 18),
            ("Aug. 7", "DATE", "1998-08-07"),
        ),
        # Past tense and a past occurrence about as close as the next one: the past wins.
        (
            "The index fell within 70 points of its Aug. 6 record.",
            date(1998, 2, 6),
            ("Aug. 6", "DATE", "1997-08-06"),
        ),
        ("A mission was scheduled in December.", date(1998, 3, 4), ("December", "DATE", "1998-12")),
    ],
)
def test_yearless_dates_take_the_nearest_occurrence_weighted_by_tense(text, dct, expected) -> None:
    assert expected in values(text, dct)


def test_a_year_ago_in_an_earnings_report_is_the_same_quarter() -> None:
    text = (
        "Net income rose in the third quarter to $5 million from $3 million a year ago. "
        "The year-ago results were restated. In the year-earlier third quarter it lost money."
    )
    found = values(text, date(1989, 10, 26))
    assert ("a year ago", "DATE", "1988-Q3") in found
    assert ("year-ago", "DATE", "1988-Q3") in found
    assert ("the year-earlier third quarter", "DATE", "1988-Q3") in found


def test_a_year_ago_without_a_quarter_is_the_year() -> None:
    assert values("He was elected a year ago.", date(1989, 10, 26)) == [
        ("a year ago", "DATE", "1988")
    ]


def test_derived_quarters_do_not_change_the_subject() -> None:
    text = "Profit in the third quarter fell from a year ago. The latest quarter was weak."
    found = values(text, date(1989, 10, 26))
    assert ("The latest quarter", "DATE", "1989-Q3") in found


def test_quarter_named_by_its_last_day_and_the_year_period() -> None:
    text = (
        "Sales for the quarter ended Sept. 30 rose. In the 1988 period, the company earned less, "
        "and for the corresponding period last year it lost money. This quarter's loss was small."
    )
    found = values(text, date(1989, 11, 1))
    assert ("the 1988 period", "DATE", "1988-Q3") in found
    assert ("the corresponding period last year", "DATE", "1988-Q3") in found
    assert ("This quarter", "DATE", "1989-Q3") in found


def test_a_year_number_before_quarter_is_not_a_duration() -> None:
    found = values("Kirschner earned $376,000 in the 1988 quarter.", date(1989, 10, 30))
    assert all(not v.startswith("P") for _, _, v in found)


def test_before_and_after_followed_by_a_clause_are_signals() -> None:
    dct = date(1998, 2, 13)
    assert values("This comes barely a month after Qantas suspended flights.", dct) == [
        ("a month", "DURATION", "P1M")
    ]
    assert values("He had arrived two days before.", dct) == [
        ("two days before", "DATE", "1998-02-11")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They lived there 2 1/2 years.", "P2Y6M"),
        ("The flight took 5 1/2 hours.", "PT5H30M"),
        ("It lasted a minute and a half.", "PT1M30S"),
        ("The talks took two and a half days.", "P2DT12H"),
    ],
)
def test_fractional_durations_use_the_next_smaller_unit(text: str, value: str) -> None:
    [(_, type_, found)] = values(text, date(1998, 2, 27))
    assert (type_, found) == ("DURATION", value)


def test_clock_time_followed_by_a_date() -> None:
    found = values("The offer expires at 5 p.m. EST, Nov. 6, the company said.", date(1989, 10, 30))
    assert found == [("5 p.m. EST, Nov. 6", "TIME", "1989-11-06T17:00")]


def test_the_week_of_a_day_is_that_iso_week() -> None:
    found = values("It may be resolved in a hearing the week of March 6.", date(2000, 2, 24))
    assert found == [("the week of March 6", "DATE", "2000-W10")]


def test_the_last_half_of_a_year() -> None:
    assert ("the last half of 1989", "DATE", "1989-H2") in values(
        "Sales will be lower in the last half of 1989.", date(1989, 10, 26)
    )
    # "last quarter" alone stays the previous quarter.
    assert values("Sales fell last quarter.", date(1989, 10, 26)) == [
        ("last quarter", "DATE", "1989-Q3")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A bomb blast shocked Atlanta in nineteen ninety-six.", ("nineteen ninety-six", "1996")),
        ("It began January nineteen ninety-seven.", ("January nineteen ninety-seven", "1997-01")),
        (
            "Prices fell in the winter of nineteen ninety-four.",
            ("the winter of nineteen ninety-four", "1994-WI"),
        ),
    ],
)
def test_spoken_years(text: str, expected: tuple[str, str]) -> None:
    assert [(t, v) for t, _, v in values(text, date(1998, 2, 27))] == [expected]


def test_nineteen_alone_is_not_a_year() -> None:
    assert values("Nineteen twenty-year-olds were hurt.", date(1998, 2, 27)) == []


def test_current_as_an_adjective_is_the_present() -> None:
    assert values("It is up from the current level.", date(1998, 3, 1)) == [
        ("current", "DATE", "PRESENT_REF")
    ]
    assert values("It widened the current account deficit.", date(1998, 3, 1)) == []


def test_the_weekend_follows_the_tense() -> None:
    dct = date(2000, 4, 19)  # a Wednesday
    assert values("Protesters gathered over the weekend.", dct) == [
        ("the weekend", "DATE", "2000-W15-WE")
    ]
    assert values("Talks will resume over the weekend.", dct) == [
        ("the weekend", "DATE", "2000-W16-WE")
    ]


def test_planned_to_is_a_future_cue() -> None:
    found = values("The team planned to leave Nairobi on Thursday.", date(1998, 9, 30))
    assert found == [("Thursday", "DATE", "1998-10-01")]


# --------------------------------------------------------------------------- earnings subject


def test_a_look_back_at_an_earlier_quarter_keeps_the_reported_one() -> None:
    text = (
        "Acme posted higher third-quarter profit. After a weak second quarter, sales recovered. "
        "In the year-earlier period, it lost money."
    )
    found = values(text, date(1989, 11, 1))
    assert ("the year-earlier period", "DATE", "1988-Q3") in found


def test_a_named_fiscal_quarter_keeps_its_name_over_its_end_date() -> None:
    text = "Sales in its fiscal first quarter ended Sept. 29 rose. Profit for the quarter doubled."
    assert ("the quarter", "DATE", "1989-Q1") in values(text, date(1989, 10, 26))


def test_a_forecast_quarter_does_not_become_the_subject() -> None:
    text = (
        "Third-quarter profit fell. Analysts expect the slide to continue into the fourth "
        "quarter. In the year-ago period, the mill earned more."
    )
    assert ("the year-ago period", "DATE", "1988-Q3") in values(text, date(1989, 10, 26))


def test_nine_month_figures_compare_whole_years() -> None:
    text = (
        "Third-quarter net rose. For the first nine months, net was $9 million, against $7 million "
        "in the 1988 period; the year-earlier nine months included a gain."
    )
    found = values(text, date(1989, 11, 2))
    assert ("the 1988 period", "DATE", "1988") in found
    assert ("the year-earlier nine months", "DURATION", "P9M") in found


def test_the_latest_period_and_quarter_to_quarter() -> None:
    text = "The quarter-to-quarter comparison improved. Sales in the latest period rose."
    found = values(text, date(1989, 11, 2))
    assert [t for t, _, _ in found] == ["the latest period"]


# --------------------------------------------------------------------------- anaphoric units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("For the year, cereal volume was flat.", ("the year", "DATE", "1989")),
        (
            "Revenue for the fiscal year ended March 31 fell.",
            ("the fiscal year", "DURATION", "P1Y"),
        ),
        ("It was the week's busiest session.", ("the week", "DATE", "1989-W43")),
        ("He vowed to finish by the end of the year.", ("the end of the year", "DATE", "1989")),
        ("The deal should close by year-end.", ("year-end", "DATE", "1989")),
        ("The index has risen 12% since year-end.", ("year-end", "DATE", "1988")),
        ("Margins will suffer in the near term.", ("the near term", "DATE", "FUTURE_REF")),
        ("Perhaps robots will one day run the port.", ("one day", "DATE", "FUTURE_REF")),
        ("She stayed there for a while.", ("a while", "DURATION", "PXX")),
    ],
)
def test_anaphoric_and_vague_units(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text, date(1989, 10, 26))


def test_the_year_two_thousand_is_a_year_and_two_thousand_soldiers_are_not() -> None:
    assert values("The plan was to halve it by the year two thousand.", date(1998, 2, 5)) == [
        ("the year two thousand", "DATE", "2000")
    ]
    assert values("A force of two thousand soldiers arrived.", date(1998, 2, 5)) == []


def test_periods_before_an_event_and_future_quarters() -> None:
    text = (
        "His car was seen in the weeks before the attack. Tax credits will help in future "
        "quarters, and in recent quarters costs fell."
    )
    found = values(text, date(1998, 10, 30))
    assert ("weeks", "DURATION", "PXW") in found
    assert ("future quarters", "DATE", "FUTURE_REF") in found
    assert ("recent quarters", "DURATION", "PXQ") in found


# --------------------------------------------------------------------------- parts of days


def test_parts_of_the_day_in_focus() -> None:
    text = (
        "Shares fell on Oct. 27. Dealers bought in the morning, and earlier that day the bank "
        "cut rates. The board met the next morning; the ship sails at 4 in the morning."
    )
    found = values(text, date(1989, 10, 30))
    assert ("the morning", "TIME", "1989-10-27TMO") in found
    assert ("earlier that day", "DATE", "1989-10-27") in found
    assert ("the next morning", "TIME", "1989-10-28TMO") in found
    assert ("4 in the morning", "TIME", "1989-10-28T04:00") in found


def test_a_weekday_with_a_part_of_day_is_a_time() -> None:
    assert values("Rebels attacked the town Wednesday night.", date(2000, 1, 7)) == [
        ("Wednesday night", "TIME", "2000-01-05TNI")
    ]


# --------------------------------------------------------------------------- tense, deadlines


def test_a_deadline_without_a_tense_cue_is_ahead() -> None:
    assert values("Relatives get until Tuesday to answer.", date(2000, 4, 3)) == [
        ("Tuesday", "DATE", "2000-04-04")
    ]


def test_a_deadline_month_follows_the_future_tense() -> None:
    assert ("August", "DATE", "1998-08") in values(
        "The airline will double its flights by August.", date(1998, 2, 13)
    )


def test_past_perfect_schedule_is_past() -> None:
    found = values("The offer had been scheduled to expire Friday.", date(1989, 10, 30))
    assert ("Friday", "DATE", "1989-10-27") in found


def test_last_month_name_just_gone_is_a_year_back() -> None:
    assert values("Two helicopters crashed last February.", date(1998, 3, 1)) == [
        ("last February", "DATE", "1997-02")
    ]
    assert values("He resigned last November.", date(1998, 3, 1)) == [
        ("last November", "DATE", "1997-11")
    ]


def test_early_march_is_a_month() -> None:
    found = values("The treaty takes effect in early March.", date(1999, 2, 10))
    assert any(v == "1999-03" for _, _, v in found)


def test_election_day() -> None:
    assert ("Election Day", "DATE", "1998-11-03") in values(
        "Violence will be a theme from now to Election Day.", date(1998, 10, 25)
    )


# --------------------------------------------------------------------------- not timexes


@pytest.mark.parametrize(
    "text",
    [
        "Baker spoke on ABC's This Week on Sunday.",
        "She told CBS's 60 Minutes she was afraid.",
        "The poster showed Gary Cooper in High Noon.",
        "Mr. Reupke, 52 years old, will retire.",
    ],
)
def test_titles_and_ages_are_not_timexes(text: str) -> None:
    found = values(text, date(1991, 2, 25))
    assert all(t not in ("This Week", "60 Minutes", "Noon", "52 years") for t, _, _ in found)


# --------------------------------------------------------------------------- session 3 rules


def test_the_verb_after_a_fronted_weekday_sets_the_tense() -> None:
    # The subject between the weekday and its verb is long; the verb is still in the clause.
    text = "On Tuesday, the national association of independent retail pharmacists plans to meet."
    assert ("Tuesday", "DATE", "1998-10-27") in values(text, date(1998, 10, 26))


def test_a_deadline_weekday_is_the_nearest_one_whatever_the_tense() -> None:
    # Monday's paper: "has given" is past, but the deadline is tomorrow morning.
    text = "The agency has given the family until 9 a.m. Tuesday to sign."
    assert ("9 a.m. Tuesday", "TIME", "2000-04-04T09:00") in values(text, date(2000, 4, 3))
    # Thursday's paper: a deadline two days back is nearer than the next one.
    text = "The lawyers had filed their reports by Tuesday."
    assert ("Tuesday", "DATE", "2000-04-04") in values(text, date(2000, 4, 6))


def test_a_clock_time_alone_is_on_the_day_being_narrated() -> None:
    text = "The doctor was shot on Oct. 23 in his kitchen. He died at 10 p.m. in hospital."
    assert ("10 p.m.", "TIME", "1998-10-23T22:00") in values(text, date(1999, 4, 19))


def test_effective_announces_a_coming_date() -> None:
    text = "The company created an office of the chairman, effective Feb. 1."
    assert ("Feb. 1", "DATE", "1990-02-01") in values(text, date(1989, 10, 26))


def test_a_bare_day_after_and_shares_the_month_before_it() -> None:
    found = values("The summit will be held on April 24 and 25.", date(1999, 2, 10))
    assert found == [("April 24", "DATE", "1999-04-24"), ("25", "DATE", "1999-04-25")]
    assert values("Talks are set for March 3 or 4, 2001.", date(1999, 2, 10))[-1] == (
        "4, 2001",
        "DATE",
        "2001-03-04",
    )
    # Not after a plain number: "between 5 and 10 percent" has no dates.
    assert values("Sales rose between 5 and 10 percent.", date(1999, 2, 10)) == []


def test_a_decade_written_in_words() -> None:
    assert values("Numbers fell through the nineties.", date(1998, 3, 3)) == [
        ("the nineties", "DATE", "199")
    ]
    # Said in 2005, "the twenties" are already a century back, "the noughties" do not exist.
    assert values("It recalls the twenties.", date(2005, 1, 1)) == [("the twenties", "DATE", "192")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was their third day-long meeting.", ("day-long", "DURATION", "P1D")),
        ("He followed a several-year tenure as editor.", ("several-year", "DURATION", "PXY")),
        ("Eight trading days later the index was down.", ("Eight trading days", "DURATION", "P8D")),
        ("Over the years prices rose.", ("the years", "DURATION", "PXY")),
        ("It will seek financing at a later date.", ("a later date", "DATE", "FUTURE_REF")),
    ],
)
def test_vague_and_adjectival_durations(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text, date(1989, 10, 30))


def test_ahead_of_the_weekend_is_the_coming_one() -> None:
    text = "Traders will square positions ahead of the weekend."
    assert values(text, date(1989, 10, 26)) == [("the weekend", "DATE", "1989-W43-WE")]


def test_the_edge_of_a_part_of_the_day() -> None:
    found = values("Shares were up at mid-afternoon yesterday.", date(1989, 11, 2))
    assert found == [("mid-afternoon yesterday", "TIME", "1989-11-01TAF")]
    found = values("Fighting began on Friday. By mid afternoon it was over.", date(1998, 3, 8))
    assert ("mid afternoon", "TIME", "1998-03-06TAF") in found


def test_a_quarter_of_something_is_a_share_not_a_time() -> None:
    assert values("Funds hold more than a quarter of the junk market.", date(1989, 10, 27)) == []
    found = values("Losses will go on for the first two quarters.", date(1989, 10, 27))
    assert ("the first two quarters", "DURATION", "P2Q") in found


def test_two_quarters_of_a_stated_year_are_its_half() -> None:
    found = values("Losses will go on for the first two quarters of 1990.", date(1989, 10, 27))
    assert found == [("the first two quarters of 1990", "DATE", "1990-H1")]
    found = values("Prices should firm in the last two quarters of next year.", date(1995, 3, 1))
    assert found == [("the last two quarters of next year", "DATE", "1996-H2")]


def test_half_of_a_decade_is_the_decade() -> None:
    found = values("Volume grew through the last half of the '70s.", date(1989, 10, 27))
    assert found == [("the last half of the '70s", "DATE", "197")]


def test_a_rate_per_unit_is_not_a_time() -> None:
    text = "The plant will make 9,000 engines a year and rooms cost $40 a night."
    assert values(text, date(1995, 3, 1)) == []
    found = values("The talks could take a year.", date(1995, 3, 1))
    assert ("a year", "DURATION", "P1Y") in found


def test_today_and_tomorrow_as_an_era_are_not_days() -> None:
    text = "Parents worry about today's teenagers, and he praised the engineers of tomorrow."
    assert values(text, date(1995, 3, 1)) == []
    found = values("Today's vote was delayed.", date(1995, 3, 1))
    assert ("Today", "DATE", "1995-03-01") in found


def test_a_sentence_opening_now_with_a_comma_is_a_discourse_marker() -> None:
    assert values("The bill failed twice. Now, the sponsors say, it may pass.", None) == []
    found = values("The bill failed twice. Now the sponsors expect it to pass.", date(1995, 3, 1))
    assert ("Now", "DATE", "PRESENT_REF") in found


def test_a_verb_right_after_the_weekday_beats_one_far_before_it() -> None:
    text = (
        "The boy will stay for at least two more weeks even after a federal appeals court "
        "Thursday refused to order a hearing."
    )
    assert ("Thursday", "DATE", "2000-06-01") in values(text, date(2000, 6, 1))
