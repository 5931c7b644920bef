"""Discourse networks from the stances, the way Discourse Network Analyzer users read them.

- ``issue_network``: the two-mode actor × issue network.  One edge per actor and issue the
  actor took a stance on; ``weight`` is the number of statements, ``polarity`` says
  for / against / mixed / neutral, with the counts per polarity beside it.
- ``actor_network``: the one-mode actor × actor network.  Two actors are linked when they
  stated a position on the same issue: ``agree`` counts the issues where both were for (or
  both against), ``conflict`` those where one was for and the other against; ``weight`` is
  their sum and ``relation`` the larger of the two (``agree``, ``conflict``, or ``mixed`` on a
  tie).  An actor's position on an issue is its majority polarity; a tie or a neutral
  statement gives no position (DNA's "ignore" for both-qualifier statements).

Both are written by networkx (GraphML for visone, GEXF for Gephi): no hand-written XML.
Every export can be narrowed like the viewer (actor names, event ids, or the stances the
GUI's filter shows).  No Qt.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import networkx as nx

from db import queries
from db.export import ExportError, actor_scope
from db.project import Project, ProjectError
from db.queries import ActorRow, StanceRow

FORMATS = ("graphml", "gexf")
NETWORKS = ("issues", "actors")
POLARITIES = ("for", "against", "neutral")


def issue_label(texts: Counter[str], key: str) -> str:
    """An issue's readable name: its most frequent phrasing, the shorter on a tie."""
    texts = +texts
    return min(texts, key=lambda t: (-texts[t], len(t), t)) if texts else key


def _actor_node(actor_id: int) -> str:
    return f"actor:{actor_id}"


def _issue_node(key: str) -> str:
    return f"issue:{key}"


def _add_actor(g: nx.Graph, actor_id: int, name: str, actors: dict[int, ActorRow]) -> None:
    row = actors.get(actor_id)
    parent = actors.get(row.affiliation_id) if row and row.affiliation_id is not None else None
    g.add_node(
        _actor_node(actor_id),
        label=name,
        type="actor",
        bipartite=0,
        kind=row.kind if row else "",
        affiliation=parent.name if parent else "",
    )


def _issue_labels(stances: Iterable[StanceRow]) -> dict[str, str]:
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    for s in stances:
        texts[s.target_key][s.target or s.target_key] += 1
    return {k: issue_label(c, k) for k, c in texts.items()}


def _counts(stances: Iterable[StanceRow]) -> dict[tuple[int, str], Counter[str]]:
    cells: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for s in stances:
        cells[(s.holder_id, s.target_key)][s.polarity if s.polarity in POLARITIES else "neutral"] \
            += 1
    return cells


def polarity_of(c: Counter[str]) -> str:
    if c["for"] and c["against"]:
        return "mixed"
    for kind in POLARITIES:
        if c[kind]:
            return kind
    return "neutral"


def issue_network(stances: Sequence[StanceRow], actors: dict[int, ActorRow]) -> nx.Graph:
    """The two-mode network: actors and issues, an edge per stance held (weight = count)."""
    g = nx.Graph(name="actors × issues", mode="two-mode")
    labels = _issue_labels(stances)
    names = {s.holder_id: s.holder for s in stances}
    for key, label in labels.items():
        g.add_node(_issue_node(key), label=label, type="issue", bipartite=1, key=key)
    for (holder, key), c in _counts(stances).items():
        _add_actor(g, holder, names[holder], actors)
        g.add_edge(
            _actor_node(holder),
            _issue_node(key),
            weight=sum(c.values()),
            polarity=polarity_of(c),
            n_for=c["for"],
            n_against=c["against"],
            n_neutral=c["neutral"],
        )
    return g


def positions(stances: Iterable[StanceRow]) -> dict[tuple[int, str], str]:
    """(actor, issue) → "for" or "against": the majority of the actor's statements on it."""
    out = {}
    for cell, c in _counts(stances).items():
        if c["for"] != c["against"]:
            out[cell] = "for" if c["for"] > c["against"] else "against"
    return out


def actor_network(stances: Sequence[StanceRow], actors: dict[int, ActorRow]) -> nx.Graph:
    """The one-mode network: actors linked by the issues they agree or conflict on."""
    g = nx.Graph(name="actor agreement and conflict", mode="one-mode")
    names = {s.holder_id: s.holder for s in stances}
    labels = _issue_labels(stances)
    for holder in names:
        _add_actor(g, holder, names[holder], actors)
    by_issue: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (holder, key), side in sorted(positions(stances).items()):
        by_issue[key].append((holder, side))
    pairs: dict[tuple[int, int], dict[str, list[str]]] = defaultdict(
        lambda: {"agree": [], "conflict": []}
    )
    for key, held in by_issue.items():
        for i, (a, side_a) in enumerate(held):
            for b, side_b in held[i + 1 :]:
                relation = "agree" if side_a == side_b else "conflict"
                pairs[(min(a, b), max(a, b))][relation].append(labels[key])
    for (a, b), found in pairs.items():
        agree, conflict = len(found["agree"]), len(found["conflict"])
        relation = "agree" if agree > conflict else "conflict" if conflict > agree else "mixed"
        g.add_edge(
            _actor_node(a),
            _actor_node(b),
            weight=agree + conflict,
            relation=relation,
            agree=agree,
            conflict=conflict,
            net=agree - conflict,
            issues_agree="; ".join(sorted(found["agree"])),
            issues_conflict="; ".join(sorted(found["conflict"])),
        )
    return g


def chosen_stances(
    project: Project, actors: Sequence[str] = (), event_ids: Collection[int] | None = None
) -> list[StanceRow]:
    """The stances an export covers: held by these actors (with their affiliates), and on
    these events (unlinked stances only when no event set is given)."""
    stances = queries.list_stances(project)
    if actors:
        holders = actor_scope(project, actors)
        stances = [s for s in stances if s.holder_id in holders]
    if event_ids is not None:
        wanted = set(event_ids)
        stances = [s for s in stances if s.event_id in wanted]
    return stances


def build(project: Project, network: str, stances: Sequence[StanceRow]) -> nx.Graph:
    if network not in NETWORKS:
        raise ExportError(f"unknown network {network!r} (issues or actors)")
    actors = {a.id: a for a in queries.list_actors(project, counts=False)}
    return (issue_network if network == "issues" else actor_network)(stances, actors)


def write(g: nx.Graph, fmt: str, out: Path) -> None:
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(g, out, encoding="utf-8", prettyprint=True)
    else:
        raise ExportError(f"unknown network format {fmt!r} (graphml or gexf)")


def export_network(
    location: str | Path | Project,
    fmt: str,
    out: Path,
    network: str = "issues",
    actors: Sequence[str] = (),
    event_ids: Collection[int] | None = None,
    stances: Sequence[StanceRow] | None = None,
) -> int:
    """Write a network to ``out``; returns a process exit code (0, or 2 with a message).

    ``stances`` (what the GUI's filter shows) takes the place of ``actors``/``event_ids``."""
    own = not isinstance(location, Project)
    try:
        project = Project.open(location, create=False) if own else location  # type: ignore[arg-type]
    except ProjectError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    try:
        chosen = list(stances) if stances is not None else chosen_stances(
            project, actors, event_ids)
        graph = build(project, network, chosen)
        write(graph, fmt, Path(out))
    except ExportError as err:
        print(f"stanceline: {err}", file=sys.stderr)
        return 2
    finally:
        if own:
            project.close()
    return 0
