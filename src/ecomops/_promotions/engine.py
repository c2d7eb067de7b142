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

__all__ = ["EngineResult", "Progress", "eligible_lines", "run", "stage_order"]

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


def eligible_lines(rule: Compiled, lines: Lines) -> list[int]:
    """Canonical indices of the lines in a promotion's scope (stop-further aside)."""
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
    """The price bases of a policy's stages, and the after-item amounts once known."""

    __slots__ = ("after_item", "bases", "compound", "item_stage", "original", "sequential")

    def __init__(self, original: tuple[int, ...], policy: Any) -> None:
        self.original = original
        self.after_item: tuple[int, ...] | None = None
        private = policy.__pydantic_private__
        self.item_stage = private["_stage"].get("item")
        self.bases = private["_bases"]
        self.sequential = policy.threshold_basis == "sequential"
        self.compound = policy.percent_stacking == "compound"

    def copy(self) -> _Stages:
        out = _Stages.__new__(_Stages)
        for name in _Stages.__slots__:
            setattr(out, name, getattr(self, name))
        return out

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
        self.point(ctx, base)

    def point(self, ctx: Context, base: Sequence[int]) -> None:
        """Set the context's base, and what thresholds and percentages are judged on."""
        ctx.base = base
        ctx.threshold = ctx.running if self.sequential else base
        ctx.percent = ctx.running if self.compound else base


class Progress:
    """The engine's state between two promotions (private).

    The amounts left on each line (``running``, the shipping fee last), the
    lines a stop-further promotion took (``blocked``: line -> its id), the stack
    groups used (group -> the promotion that used it), the current stage and its
    bases. `run` moves one through every promotion; the coupon search copies it
    at each branch and applies promotions one at a time, so both settle alike.
    """

    __slots__ = ("blocked", "ctx", "stage", "stages", "used")

    def __init__(self, lines: Lines, shipping_fee: int, policy: Any) -> None:
        running = [*lines.amounts, shipping_fee]
        self.ctx = Context(
            lines.prices, lines.quantities, lines.skus, running, policy.rounding,
            policy.rounding_point,
        )  # fmt: skip
        self.stages = _Stages(tuple(running), policy)
        self.blocked: dict[int, str] = {}
        self.used: dict[str, str] = {}
        self.stage = -1

    @property
    def running(self) -> list[int]:
        """Amounts left on each line, the shipping fee last. [minor units]"""
        return self.ctx.running

    def copy(self) -> Progress:
        """An independent copy: promotions applied to it leave this one unchanged."""
        out = Progress.__new__(Progress)
        c = self.ctx
        out.ctx = Context(
            c.prices, c.quantities, c.skus, list(c.running), c.rounding, c.rounding_point
        )
        out.stages = self.stages.copy()
        out.stages.point(out.ctx, c.base)
        out.blocked = dict(self.blocked)
        out.used = dict(self.used)
        out.stage = self.stage
        return out

    def apply(self, rule: Compiled, k: int, stage: int, eligible: Sequence[int]) -> Event:
        """Promotion ``k`` of ``stage`` on its ``eligible`` lines: check stacking, compute, take."""
        if stage != self.stage:
            self.stages.enter(self.ctx, stage, rule.level)
            self.stage = stage
        group = rule.stack_group
        used, blocked = self.used, self.blocked
        if group is not None and group in used:
            return (k, False, 0, "stack_group_used", (group, used[group]), (), ())
        if not eligible:
            return (k, False, 0, "no_eligible_lines", (), (), ())
        free = [i for i in eligible if i not in blocked] if blocked else eligible
        if not free:
            return (k, False, 0, "blocked", (blocked[eligible[0]],), (), ())
        running = self.ctx.running
        targets = [len(running) - 1] if rule.level == "shipping" else free
        shares, reason, values = rule.rule.compute(self.ctx, free, targets)
        if shares is None:
            return (k, False, 0, reason, values, (), ())
        total = sum(shares)
        if total == 0:
            return (k, False, 0, "nothing_left", (), (), ())
        for t, share in zip(targets, shares, strict=False):  # one share per target
            running[t] -= share
        if rule.stop_further:
            for i in free:
                blocked[i] = rule.id
        if group is not None:
            used[group] = rule.id
        return (k, True, total, "applied", (total,), targets, shares)


def run(lines: Lines, shipping_fee: int, rules: Sequence[Compiled], policy: Any) -> EngineResult:
    """Settle validated lines under compiled rules and a policy; integers in, integers out.

    ``rules`` are in the caller's order (events refer to these indices);
    ``policy`` is a `StackingPolicy` whose levels include every rule's level.
    """
    progress = Progress(lines, shipping_fee, policy)
    stage_of = policy.__pydantic_private__["_stage"]
    events = [
        progress.apply(rules[k], k, stage_of[rules[k].level], eligible_lines(rules[k], lines))
        for k in stage_order(rules, stage_of)
    ]
    return EngineResult(events, progress.running)
