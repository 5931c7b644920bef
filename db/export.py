"""Taking the work elsewhere: events as CSV / JSON / TimelineJS, the stance matrix as CSV, and
the whole project as a bundle (``db.bundle``).  No Qt: the timeline image is
``viewer.export_image``.

Every export can be restricted the way the viewer filters: ``actors`` (names, matched without
case; their affiliated people and bodies are included, as in the actor filter) or an explicit
set of ``event_ids`` (what the GUI's filter shows).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db import models as m
from db import queries
from db.project import Project, ProjectError

TEXT_FORMATS = ("csv", "json", "timelinejs", "stances", "statements", "bundle", "plover")
CSV_FIELDS = (
    "uid",
    "date",
    "earliest",
    "latest",
    "precision",
    "qualifier",
    "summary",
    "type",
    "mode",
    "source",
    "target",
    "actors",
    "things",
    "review",
    "starred",
    "tags",
    "notes",
    "sources",
)


class ExportError(Exception):
    """``str(err)`` is a message for the user."""


def export_project(
    location: str | Path | Project,
    fmt: str,
    out: Path,
    actors: Sequence[str] = (),
    event_ids: Collection[int] | None = None,
) -> int:
    """Write ``fmt`` to ``out``; returns a process exit code (0, or 2 with a message)."""
    if fmt not in TEXT_FORMATS:
        print(f"stanceline: unknown export format {fmt!r}", file=sys.stderr)
        return 2
    own = not isinstance(location, Project)
    try:
        project = Project.open(location, create=False) if own else location  # type: ignore[arg-type]
    except ProjectError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    try:
        text = render(project, fmt, actors, event_ids)
    except ExportError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    finally:
        if own:
            project.close()
    Path(out).write_text(text, encoding="utf-8", newline="")
    return 0


def render(
    project: Project,
    fmt: str,
    actors: Sequence[str] = (),
    event_ids: Collection[int] | None = None,
) -> str:
    """The export as text (CSV or JSON)."""
    ids = chosen_events(project, actors, event_ids)
    if fmt == "bundle":
        from db.bundle import export_bundle

        return _json(export_bundle(project, ids))
    if fmt == "stances":
        holders = None if not actors else actor_scope(project, actors)
        return stance_matrix_csv(project, holders, ids)
    if fmt == "statements":
        holders = None if not actors else actor_scope(project, actors)
        return statements_csv(project, holders, ids)
    records = event_records(project, ids)
    if fmt == "csv":
        return events_csv(records)
    if fmt == "json":
        return _json({"events": records})
    if fmt == "timelinejs":
        return _json(timelinejs(records, project_title(project)))
    if fmt == "plover":
        return plover_lines(records)
    raise ExportError(f"unknown export format {fmt!r}")


def _json(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def project_title(project: Project) -> str:
    return project.path.stem if project.path is not None else "Stanceline"


# ---------------------------------------------------------------------- the filter
def actor_scope(project: Project, names: Iterable[str]) -> set[int]:
    """Actor ids named (case-insensitively, by name or alias) plus those affiliated with them."""
    ids, missing = queries.actors_named(project, names)
    if missing:
        raise ExportError(f"no actor named {', '.join(sorted(missing))} in this project")
    with project.session() as s:
        rows = s.execute(select(m.Actor.id, m.Actor.name, m.Actor.affiliation_id)).all()
    grew = True
    while grew:  # the same transitive expansion as the viewer's actor filter
        grew = False
        for i, _name, affiliation in rows:
            if i not in ids and affiliation in ids:
                ids.add(i)
                grew = True
    return ids


def chosen_events(
    project: Project, actors: Sequence[str], event_ids: Collection[int] | None
) -> set[int] | None:
    """None means every event."""
    if not actors:
        return None if event_ids is None else set(event_ids)
    scope = actor_scope(project, actors)
    with project.session() as s:
        ids = set(s.scalars(select(m.EventActor.event_id).where(m.EventActor.actor_id.in_(scope))))
    return ids if event_ids is None else ids & set(event_ids)


# ---------------------------------------------------------------------- events
def event_records(project: Project, event_ids: set[int] | None = None) -> list[dict[str, Any]]:
    """One plain dict per event, in date order (undated last)."""
    rows = [r for r in queries.list_events(project) if event_ids is None or r.id in event_ids]
    ids = [r.id for r in rows]
    with project.session() as s:
        uid = dict(s.execute(select(m.Event.id, m.Event.uid).where(m.Event.id.in_(ids))).all())
        extra = {
            i: (approx, note)
            for i, approx, note in s.execute(
                select(m.Event.id, m.Event.approximate, m.Event.date_note).where(
                    m.Event.id.in_(ids)
                )
            )
        }
        modes: dict[int, str] = {
            i: mode
            for i, mode in s.execute(select(m.Event.id, m.Event.mode).where(m.Event.id.in_(ids)))
        }
        roles: dict[int, list[dict[str, str]]] = defaultdict(list)
        for event_id, name, role in s.execute(
            select(m.EventActor.event_id, m.Actor.name, m.EventActor.role)
            .join(m.Actor, m.Actor.id == m.EventActor.actor_id)
            .where(m.EventActor.event_id.in_(ids))
            .order_by(m.EventActor.event_id, m.EventActor.id)
        ):
            roles[event_id].append({"name": name, "role": role})
        things: dict[int, list[str]] = defaultdict(list)
        for event_id, name in s.execute(
            select(m.EventThing.event_id, m.Thing.name)
            .join(m.Thing, m.Thing.id == m.EventThing.thing_id)
            .where(m.EventThing.event_id.in_(ids))
            .order_by(m.EventThing.event_id, m.EventThing.id)
        ):
            things[event_id].append(name)
        sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
        src = m.Source
        for event_id, title, outlet, url, published, text, start, end, speaker, medium in s.execute(
            select(
                m.Evidence.event_id,
                src.title,
                src.outlet,
                src.url,
                src.published,
                src.text,
                m.Evidence.start,
                m.Evidence.end,
                m.Evidence.speaker,
                m.Evidence.medium,
            )
            .join(src, src.id == m.Evidence.source_id)
            .where(m.Evidence.event_id.in_(ids))
            .order_by(m.Evidence.event_id, m.Evidence.id)
        ):
            sources[event_id].append(
                {
                    "title": title,
                    "outlet": outlet,
                    "url": url,
                    "published": _iso(published),
                    "evidence": text[start:end],
                    "speaker": speaker,  # who the report attributes it to
                    "medium": medium,  # the outlet or channel the report cites
                }
            )
        notes: dict[int, list[dict[str, str]]] = defaultdict(list)
        for event_id, text, author, created in s.execute(
            select(m.Note.event_id, m.Note.text, m.Note.author, m.Note.created_at)
            .where(m.Note.event_id.in_(ids))
            .order_by(m.Note.event_id, m.Note.created_at, m.Note.id)
        ):
            notes[event_id].append({"text": text, "author": author, "created": created.isoformat()})
    from db.edits import date_qualifier

    return [
        {
            "uid": uid[r.id],
            "date": r.date_value,
            "earliest": _iso(r.earliest),
            "latest": _iso(r.latest),
            "precision": r.precision,
            "qualifier": date_qualifier(*extra[r.id]),
            "summary": r.summary,
            "type": r.event_type,
            "mode": modes.get(r.id, ""),
            "source": _with_role(roles.get(r.id, []), ("source", "agent")),
            "target": _with_role(roles.get(r.id, []), ("target", "patient")),
            "actors": roles.get(r.id, []),
            "things": things.get(r.id, []),
            "review": r.review,
            "starred": r.starred,
            "tags": list(r.tags),
            "notes": notes.get(r.id, []),
            "sources": sources.get(r.id, []),
        }
        for r in rows
    ]


def _with_role(roles: list[dict[str, str]], wanted: tuple[str, ...]) -> list[str]:
    return [a["name"] for a in roles if a["role"] in wanted]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def plover_lines(records: list[dict[str, Any]]) -> str:
    """One PLOVER-style JSON record a line, as POLECAT users read them: ``event`` (category),
    ``mode``, ``actor``/``recipient`` with ISO 3166 codes where the actor is (or belongs to) a
    country, the date, the headline and every reporting source."""
    from ingest.gazetteer import Gazetteer

    gaz = Gazetteer.default()

    def party(name: str) -> dict[str, str | None]:
        country = gaz.country_of(name) or (name if name in gaz.codes else None)
        return {"actorText": name, "code": gaz.codes.get(country or "", None)}

    lines = []
    for r in records:
        lines.append(
            json.dumps(
                {
                    "id": r["uid"],
                    "date": r["date"],
                    "earliest": r["earliest"],
                    "latest": r["latest"],
                    "event": r["type"],
                    "mode": r["mode"],
                    "actor": [party(n) for n in r["source"]],
                    "recipient": [party(n) for n in r["target"]],
                    "summary": r["summary"],
                    "sources": [
                        {k: src[k] for k in ("outlet", "title", "url", "published", "evidence",
                                             "speaker", "medium")}
                        for src in r["sources"]
                    ],
                },
                ensure_ascii=False,
            )
        )
    return "\n".join(lines) + ("\n" if lines else "")


def events_csv(records: list[dict[str, Any]]) -> str:
    """One row per event; lists are joined with "; " (actors as "name (role)")."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(
            {
                **{k: r[k] for k in CSV_FIELDS if k not in ("actors", "notes", "sources")},
                "date": r["date"] or "",
                "source": "; ".join(r["source"]),
                "target": "; ".join(r["target"]),
                "actors": "; ".join(f"{a['name']} ({a['role']})" for a in r["actors"]),
                "things": "; ".join(r["things"]),
                "tags": "; ".join(r["tags"]),
                "notes": "; ".join(f"{n['text']} — {n['author']}" for n in r["notes"]),
                "sources": "; ".join(
                    " — ".join(p for p in (s["outlet"], s["title"], s["url"]) if p)
                    for s in r["sources"]
                ),
                "starred": "yes" if r["starred"] else "",
            }
        )
    return buf.getvalue()


def _timelinejs_date(iso: str, precision: str | None) -> dict[str, str]:
    d = date.fromisoformat(iso)
    out = {"year": str(d.year)}
    if precision not in ("year", "decade", "century", "half", "quarter", "season"):
        out["month"] = str(d.month)
        if precision != "month":
            out["day"] = str(d.day)
    return out


def timelinejs(records: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """TimelineJS3's JSON format; only dated events can be placed, so undated ones are left
    out.  Each event's group is its first actor (TimelineJS shows one row per group)."""
    events = []
    for r in records:
        if r["earliest"] is None:
            continue
        start = _timelinejs_date(r["earliest"], r["precision"])
        text = "<br>".join(
            f"{_html(s['outlet'] or s['title'])}: “{_html(s['evidence'])}”" for s in r["sources"]
        )
        item: dict[str, Any] = {
            "unique_id": r["uid"],
            "start_date": start,
            "text": {"headline": _html(r["summary"]), "text": text},
        }
        if r["precision"] in ("year", "month") and r["latest"]:
            end = _timelinejs_date(r["latest"], r["precision"])
            if end != start:
                item["end_date"] = end
        if r["actors"]:
            item["group"] = r["actors"][0]["name"]
        events.append(item)
    return {"title": {"text": {"headline": _html(title), "text": ""}}, "events": events}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------- stances
def _chosen_stances(
    project: Project, holders: set[int] | None, event_ids: set[int] | None
) -> list[queries.StanceRow]:
    """The stances of these holders (all when None), else of the chosen events."""
    return [
        st
        for st in queries.list_stances(project)
        if (holders is None or st.holder_id in holders)
        and (event_ids is None or holders is not None or st.event_id in event_ids)
    ]


def stance_matrix_csv(
    project: Project, holders: set[int] | None = None, event_ids: set[int] | None = None
) -> str:
    """Holders × issues; a cell says "for 2", "against 1" or "mixed 2/1" (blank: nothing said).
    The first two rows give each issue's key and readable label."""
    stances = _chosen_stances(project, holders, event_ids)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    cells: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    count: Counter[str] = Counter()
    for st in stances:
        labels[st.target_key][st.target or st.target_key] += 1
        cells[(st.holder, st.target_key)][st.polarity] += 1
        count[st.holder] += 1
    keys = sorted(labels, key=lambda k: (-sum(labels[k].values()), k))
    names = sorted(count, key=lambda h: (-count[h], h.casefold()))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["holder", *keys])
    w.writerow(["(issue)", *(min(labels[k], key=lambda t: (-labels[k][t], len(t))) for k in keys)])
    for h in names:
        w.writerow([h, *(_cell(cells.get((h, k))) for k in keys)])
    return buf.getvalue()


STATEMENT_COLUMNS = (
    "date", "holder", "polarity", "issue", "target", "speaker", "medium",
    "outlet", "title", "published", "evidence",
)  # fmt: skip


def statements_csv(
    project: Project, holders: set[int] | None = None, event_ids: set[int] | None = None
) -> str:
    """One row per stance, with where the claim came from: who said it (the speaker, when it
    is not the holder's own word), the medium the report cites, the article's outlet and date,
    and the quoted evidence.  The matrix counts; this is what a reader checks it against."""
    sources = {sid: (title, outlet, published) for sid, title, outlet, published
               in queries.list_sources(project)}  # fmt: skip
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(STATEMENT_COLUMNS)
    for st in _chosen_stances(project, holders, event_ids):
        title, outlet, published = sources.get(st.source_id, ("", "", None))
        w.writerow([
            st.date_value or "", st.holder, st.polarity, st.issue or st.target, st.target,
            st.speaker, st.medium, outlet or "", title or "",
            published.isoformat() if published else "", " ".join(st.evidence_text.split()),
        ])  # fmt: skip
    return buf.getvalue()


def _cell(c: Counter[str] | None) -> str:
    if not c:
        return ""
    if c["for"] and c["against"]:
        return f"mixed {c['for']}/{c['against']}"
    for kind in ("for", "against", "neutral"):
        if c[kind]:
            return f"{kind} {c[kind]}"
    return ""
