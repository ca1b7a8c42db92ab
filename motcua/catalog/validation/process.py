"""Process graphs: the rules an electronic process must meet before it can be saved.

- every step names a responsible agency type and a status code 1–10; every action names its actors;
- every step is reachable from the start; a step with no way out is marked final; from every step some
  final step can be reached;
- the longest path from the start (ignoring backward actions: send back, recall, supplement) fits the
  statutory time of each channel, counting the online budget for the online channel.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from motcua.catalog.constants import BACKWARD_ACTIONS, Channel
from motcua.catalog.definition import ProcedureDefinition, Process, Step
from motcua.catalog.validation import Problem


def process_problems(process: Process, definition: ProcedureDefinition | None = None) -> list[Problem]:
    problems: list[Problem] = []
    index = {}
    for i, step in enumerate(process.steps):
        if step.id in index:
            problems.append(Problem(f"steps[{i}].id", _("Two steps have the id %(id)s.") % {"id": step.id}))
        index[step.id] = i
        if step.agency is None:
            problems.append(
                Problem(f"steps[{i}].agency", _("Step %(step)s has no responsible agency type.") % {"step": step.id})
            )
        if step.role is None and not step.final:
            problems.append(
                Problem(f"steps[{i}].role", _("Step %(step)s has no role that acts in it.") % {"step": step.id})
            )
    if process.start not in index:
        problems.append(Problem("start", _("The start step %(step)s does not exist.") % {"step": process.start}))
    edges: dict[str, list[str]] = defaultdict(list)
    forward: dict[str, list[str]] = defaultdict(list)
    for i, action in enumerate(process.actions):
        problems.extend(
            Problem(
                f"actions[{i}].{attr}",
                _("Action %(action)s names an unknown step %(step)s.")
                % {"action": action.id, "step": getattr(action, attr)},
            )
            for attr in ("source", "target")
            if getattr(action, attr) not in index
        )
        if not action.actors:
            problems.append(
                Problem(f"actions[{i}].actors", _("Action %(action)s has no actor.") % {"action": action.id})
            )
        edges[action.source].append(action.target)
        if action.kind not in BACKWARD_ACTIONS:
            forward[action.source].append(action.target)
    if problems:
        return problems
    reachable = _reach(process.start, edges)
    finals = {s.id for s in process.steps if s.final}
    for i, step in enumerate(process.steps):
        where = f"steps[{i}]"
        if step.id not in reachable:
            problems.append(Problem(where, _("Step %(step)s cannot be reached from the start.") % {"step": step.id}))
        elif not edges[step.id] and not step.final:
            problems.append(Problem(where, _("Step %(step)s is a dead end but not a final state.") % {"step": step.id}))
        elif not (_reach(step.id, edges) & finals):
            problems.append(Problem(where, _("No final state can be reached from step %(step)s.") % {"step": step.id}))
    if not problems and definition is not None:
        problems += _time_problems(process, definition, forward)
    return problems


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _budget(step: Step, online: bool) -> float:
    chosen = step.budget_online if online and step.budget_online is not None else step.budget
    return chosen.hours() or 0.0


def longest_path_hours(process: Process, online: bool, forward: dict[str, list[str]] | None = None) -> float:
    """Working hours along the longest forward path from the start (cycles from forward edges are cut)."""
    if forward is None:
        forward = defaultdict(list)
        for action in process.actions:
            if action.kind not in BACKWARD_ACTIONS:
                forward[action.source].append(action.target)
    steps = {s.id: s for s in process.steps}
    memo: dict[str, float] = {}

    def walk(node: str, path: frozenset[str]) -> float:
        if node in memo:
            return memo[node]
        below = [walk(n, path | {node}) for n in forward.get(node, []) if n not in path and n in steps]
        memo[node] = _budget(steps[node], online) + max(below, default=0.0)
        return memo[node]

    return walk(process.start, frozenset())


def _time_problems(process: Process, definition: ProcedureDefinition, forward: dict[str, list[str]]) -> list[Problem]:
    problems = []
    channels = definition.channels or [Channel.IN_PERSON]
    for channel in channels:
        limit = definition.statutory_hours(channel, process.case)
        if limit is None:
            continue
        used = longest_path_hours(process, channel == Channel.ONLINE, forward)
        if used > limit + 1e-9:
            problems.append(
                Problem(
                    "steps",
                    _(
                        "The longest path takes %(used)s working hours, more than the statutory %(limit)s hours (%(channel)s)."
                    )
                    % {"used": f"{used:g}", "limit": f"{limit:g}", "channel": Channel(channel).label},
                )
            )
    return problems
