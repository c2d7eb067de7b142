"""The settlement engine: promotions stage by stage over integer line amounts (private).

`run` is the hot path. Its inputs are validated already (a `Lines` and
compiled rules), everything is a Python int of minor units, and the trace is
kept as tuples of numbers that are only formatted when someone reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecomops._promotions.cart import Lines
from ecomops._promotions.compiled import Compiled
from ecomops._promotions.rules import Context

__all__ = ["EngineResult", "run", "stage_order"]

#: One promotion's outcome: (index in the caller's promotions, applied, total
#: discount, reason, values, targets, shares). Targets are canonical line
#: indices; index ``n`` is the shipping fee.
Event = tuple[int, bool, int, str, tuple[Any, ...], Sequence[int], Sequence[int]]


class EngineResult:
    """Raw outcome of one settlement: events in application order, final amounts (private)."""

    __slots__ = ("events", "running")

    def __init__(self, events: list[Event], running: list[int]) -> None:
        self.events = events
        self.running = running


def stage_order(rules: Sequence[Compiled], stage_of: dict[str, int]) -> list[int]:
    """Indices of ``rules`` in application order: stage, priority, id."""
    return sorted(
        range(len(rules)),
        key=lambda k: (stage_of[rules[k].level], rules[k].priority, rules[k].id),
    )


def _eligible(rule: Compiled, lines: Lines) -> list[int]:
    skus, categories, shops = rule.skus, rule.categories, rule.shops
    if skus is None and categories is None and shops is None:
        return list(range(lines.n))
    ls, lc, lh = lines.skus, lines.categories, lines.shops
    return [
        i
        for i in range(lines.n)
        if (skus is None or ls[i] in skus)
        and (categories is None or lc[i] in categories)
        and (shops is None or lh[i] in shops)
    ]


class _Stages:
    """Sets the context's bases when the engine enters a stage."""

    __slots__ = ("after_item", "bases", "compound", "item_stage", "original", "sequential")

    def __init__(self, original: tuple[int, ...], policy: Any) -> None:
        self.original = original
        self.after_item: tuple[int, ...] | None = None
        private = policy.__pydantic_private__
        self.item_stage = private["_stage"].get("item")
        self.bases = private["_bases"]
        self.sequential = policy.threshold_basis == "sequential"
        self.compound = policy.percent_stacking == "compound"

    def enter(self, ctx: Context, stage: int, level: str) -> None:
        running = ctx.running
        if self.after_item is None and self.item_stage is not None and stage > self.item_stage:
            self.after_item = tuple(running)
        kind = self.bases[level]
        if kind == "original":
            base: Sequence[int] = self.original
        elif kind == "after_item":
            base = self.after_item if self.after_item is not None else self.original
        else:
            base = tuple(running)
        ctx.base = base
        ctx.threshold = running if self.sequential else base
        ctx.percent = running if self.compound else base


def run(lines: Lines, shipping_fee: int, rules: Sequence[Compiled], policy: Any) -> EngineResult:
    """Settle validated lines under compiled rules and a policy; integers in, integers out.

    ``rules`` are in the caller's order (events refer to these indices);
    ``policy`` is a `StackingPolicy` whose levels include every rule's level.
    """
    running = [*lines.amounts, shipping_fee]
    ctx = Context(
        lines.prices, lines.quantities, lines.skus, running, policy.rounding, policy.rounding_point
    )
    stages = _Stages(tuple(running), policy)
    stage_of = policy.__pydantic_private__["_stage"]
    blocked: dict[int, str] = {}  # line -> the stop-further promotion that took it
    used: dict[str, str] = {}
    events: list[Event] = []
    current = -1
    for k in stage_order(rules, stage_of):
        rule = rules[k]
        stage = stage_of[rule.level]
        if stage != current:
            stages.enter(ctx, stage, rule.level)
            current = stage
        event = _apply(rule, k, lines, ctx, blocked, used)
        events.append(event)
    return EngineResult(events, running)


def _apply(
    rule: Compiled,
    k: int,
    lines: Lines,
    ctx: Context,
    blocked: dict[int, str],
    used: dict[str, str],
) -> Event:
    """One promotion: check stacking and scope, compute, take its shares off the lines."""
    group = rule.stack_group
    if group is not None and group in used:
        return (k, False, 0, "stack_group_used", (group, used[group]), (), ())
    eligible = _eligible(rule, lines)
    if not eligible:
        return (k, False, 0, "no_eligible_lines", (), (), ())
    free = [i for i in eligible if i not in blocked] if blocked else eligible
    if not free:
        return (k, False, 0, "blocked", (blocked[eligible[0]],), (), ())
    targets = [lines.n] if rule.level == "shipping" else free
    shares, reason, values = rule.rule.compute(ctx, free, targets)
    if shares is None:
        return (k, False, 0, reason, values, (), ())
    total = sum(shares)
    if total == 0:
        return (k, False, 0, "nothing_left", (), (), ())
    running = ctx.running
    for t, s in zip(targets, shares, strict=False):  # one share per target
        running[t] -= s
    if rule.stop_further:
        for i in free:
            blocked[i] = rule.id
    if group is not None:
        used[group] = rule.id
    return (k, True, total, "applied", (total,), targets, shares)
