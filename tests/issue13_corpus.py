"""A corpus of short, varied news articles about who stands where, written to files and
imported through the real reading and import path (``ingest.reader`` → ``ingest.pipeline``
→ ``db.importer``), for the stance picture at the size of a real project (issue 13).

    python -m tests.issue13_corpus OUT.stanceline [N]     write and import N articles (200)

Articles are built from a seeded generator: datelines, outlets, titles, countries and their
officials (by title and name, so they fold under their country), reporting verbs for and
against, ten-odd recurring issues in several wordings.  Nothing depends on how many stances
the extraction finds in each: the tests check the picture, not the reader.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

# (country, capital for the dateline, adjective, [(title, name)])
COUNTRIES = [
    ("Turkey", "ANKARA", "Turkish", [("Foreign Minister", "Hakan Fidan"),
                                     ("President", "Recep Tayyip Erdoğan"),
                                     ("Defence Minister", "Yaşar Güler")]),
    ("Greece", "ATHENS", "Greek", [("Prime Minister", "Kyriakos Mitsotakis"),
                                   ("Foreign Minister", "Giorgos Gerapetritis")]),
    ("Russia", "MOSCOW", "Russian", [("Foreign Minister", "Sergei Lavrov"),
                                     ("President", "Vladimir Putin")]),
    ("France", "PARIS", "French", [("President", "Emmanuel Macron")]),
    ("Germany", "BERLIN", "German", [("Chancellor", "Olaf Scholz")]),
    ("Ukraine", "KYIV", "Ukrainian", [("President", "Volodymyr Zelensky"),
                                      ("Foreign Minister", "Dmytro Kuleba")]),
    ("Sweden", "STOCKHOLM", "Swedish", [("Prime Minister", "Ulf Kristersson")]),
    ("Hungary", "BUDAPEST", "Hungarian", [("Prime Minister", "Viktor Orbán")]),
    ("Iran", "TEHRAN", "Iranian", []),
    ("Israel", "JERUSALEM", "Israeli", []),
    ("Egypt", "CAIRO", "Egyptian", []),
    ("China", "BEIJING", "Chinese", []),
]
ISSUES = [  # several wordings of each, as writers vary them
    ["transferring the S-400 to Ukraine", "sending the S-400 batteries to Kyiv"],
    ["the sale of F-16 jets to Turkey", "selling F-16 fighters to Ankara"],
    ["Sweden joining NATO", "Swedish membership of NATO", "the NATO membership of Sweden"],
    ["new sanctions on Russia", "the new sanctions on Moscow"],
    ["a ceasefire in Gaza", "an immediate ceasefire in Gaza"],
    ["the grain corridor deal", "the Black Sea grain deal"],
    ["the gas pipeline through the Aegean", "the Aegean gas pipeline"],
    ["a peace conference on Ukraine", "peace talks on Ukraine"],
    ["the nuclear deal with Iran", "reviving the Iran nuclear deal"],
    ["the EU migration pact", "the new European migration pact"],
    ["the F-35 programme for Turkey", "returning Turkey to the F-35 programme"],
    ["arms exports to Israel", "the export of weapons to Israel"],
]
FOR = ["welcomed", "supported", "backed", "endorsed", "praised"]
AGAINST = ["rejected", "opposed", "condemned", "criticised", "denounced"]
OUTLETS = ["Anatolia Wire", "Aegean Desk", "Daily Ledger", "Capitol Wire", "Meridian Radio",
           "Baltic Herald", "Levant Times", "Danube Post"]
FILLER = [
    "The talks are expected to continue next month.",
    "Officials did not give further details.",
    "Diplomats said the question would return at the next summit.",
    "The statement followed weeks of quiet negotiations.",
    "Analysts said the move would test relations between the allies.",
]
WEEKDAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday"]


def _sentence(rng: random.Random, country: tuple, issue: list[str]) -> str:
    name, _capital, _adj, officials = country
    verb = rng.choice(FOR if rng.random() < 0.5 else AGAINST)
    wording = rng.choice(issue)
    when = rng.choice(WEEKDAYS)
    if officials and rng.random() < 0.55:
        title, person = rng.choice(officials)
        return f"{title} {person} {verb} {wording} {when}, {name} said."
    return f"{name} {verb} {wording} {when}."


def article(rng: random.Random, n: int) -> str:
    """One article as a file's text: header lines, a dateline, 3–5 sentences."""
    country = rng.choice(COUNTRIES)
    published = date(2023, 1, 2) + timedelta(days=rng.randrange(0, 700))
    issues = rng.sample(ISSUES, k=rng.randint(1, 3))
    lines = [_sentence(rng, country, issues[0])]
    for issue in issues:
        other = rng.choice(COUNTRIES)
        lines.append(_sentence(rng, other, issue))
    lines.append(rng.choice(FILLER))
    title = f"{country[0]} and {len(issues)} disputes: {issues[0][0]}"
    body = f"{country[1]}, {published:%B} {published.day}, {published.year} - " + " ".join(lines)
    return (f"Title: {title} ({n})\nOutlet: {rng.choice(OUTLETS)}\n"
            f"Published: {published.isoformat()}\n\n{body}\n")


def write_articles(folder: Path, count: int = 200, seed: int = 13) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"article_{n:03d}.txt"
        path.write_text(article(rng, n), encoding="utf-8")
        paths.append(path)
    return paths


def import_articles(project_path: Path, paths: list[Path]) -> int:
    """Read, extract and import each article through the real path; returns how many."""
    from db.importer import import_article
    from db.project import Project
    from ingest.pipeline import extract
    from ingest.reader import read_path

    done = 0
    with Project.open(project_path) as project:
        for path in paths:
            art = read_path(path)
            import_article(project, art, extract(art.text, art.published))
            done += 1
    return done


def build_corpus_project(project_path: Path, folder: Path, count: int = 200) -> Path:
    import_articles(project_path, write_articles(folder, count))
    return project_path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    build_corpus_project(out, out.with_suffix(".articles"), n)
    print(out)
