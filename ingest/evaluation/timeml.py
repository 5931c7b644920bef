"""Read TimeML `.tml` files: the TEXT content, the document creation time and the gold TIMEX3s.

Offsets of the gold timexes are Python string indices into the TEXT element's character
content (tags removed, entities decoded), which is exactly what `find_timexes` is run on.

Safety: the files come from outside, so the parser is `xml.parsers.expat` driven directly with
parameter entities off and every entity declaration refused (an internal DTD subset that
declares entities is how "billion laughs" and external-entity attacks start).  A DOCTYPE without
entity declarations is tolerated; predefined entities (&amp; …) and character references decode
as usual.  Nothing is ever fetched: no external entity handler is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.parsers import expat


class TimeMLError(ValueError):
    """A .tml file that cannot be read (malformed, or declaring entities)."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""


@dataclass(slots=True)
class TimeMLDoc:
    path: Path
    text: str  # the TEXT element's character content
    dct: date | None  # the day of the CREATION_TIME timex, if it has one
    timexes: list[GoldTimex] = field(default_factory=list)  # in TEXT, sorted by start


def _refuse_entities(*_args: object) -> None:
    raise TimeMLError("entity declarations are refused")


def _day(value: str) -> date | None:
    try:
        return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except (ValueError, IndexError):
        return None


class _Reader:
    """Expat callbacks that collect the TEXT content and the TIMEX3 elements."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.in_text = 0  # depth inside <TEXT>
        self.open: list[tuple[int, dict[str, str]] | None] = []  # one entry per open element
        self.gold: list[tuple[int, int, dict[str, str]]] = []
        self.dct_value = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "TEXT":
            self.in_text += 1
        entry = None
        if name == "TIMEX3":
            if attrs.get("functionInDocument") == "CREATION_TIME":
                self.dct_value = self.dct_value or attrs.get("value", "")
            elif self.in_text:
                entry = (self.pos, attrs)
        self.open.append(entry)

    def end(self, name: str) -> None:
        entry = self.open.pop()
        if entry is not None:
            self.gold.append((entry[0], self.pos, entry[1]))
        if name == "TEXT":
            self.in_text -= 1

    def chars(self, data: str) -> None:
        if self.in_text:
            self.parts.append(data)
            self.pos += len(data)


def safe_parser(reader: object) -> expat.XMLParserType:
    """An expat parser that can't be made to expand or fetch anything: parameter entities off,
    any entity declaration refused (billion laughs, external SYSTEM entities).  ``reader`` has
    ``start``, ``end`` and ``chars`` callbacks.  Every TimeML reader uses this one."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.StartElementHandler = reader.start  # type: ignore[attr-defined]
    parser.EndElementHandler = reader.end  # type: ignore[attr-defined]
    parser.CharacterDataHandler = reader.chars  # type: ignore[attr-defined]
    parser.buffer_text = True
    return parser


def parse_timeml(data: bytes, path: Path = Path("<memory>")) -> TimeMLDoc:
    """Parse one TimeML document held in memory."""
    reader = _Reader()
    parser = safe_parser(reader)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        raise TimeMLError(f"{path}: {err}") from None
    except TimeMLError as err:
        raise TimeMLError(f"{path}: {err}") from None
    text = "".join(reader.parts)
    gold = [
        GoldTimex(s, e, text[s:e], a.get("type", ""), a.get("value", ""), a.get("mod", ""))
        for s, e, a in sorted(reader.gold, key=lambda g: g[0])
    ]
    return TimeMLDoc(path, text, _day(reader.dct_value), gold)


def read_timeml(path: Path) -> TimeMLDoc:
    return parse_timeml(path.read_bytes(), path)


def timeml_paths(folder: Path) -> list[Path]:
    """Every .tml file under `folder`, recursively, in a stable order."""
    return sorted(p for p in folder.rglob("*.tml") if p.is_file())
