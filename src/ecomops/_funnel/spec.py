"""Funnel specification: steps, order, window, attempt rule, exclusions (private).

Re-exported from :mod:`ecomops.funnel`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError, field_validator, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.typing import AttemptRule, ExclusionEffect, FunnelOrder
from ecomops._funnel import kernel as _k
from ecomops.exceptions import InvalidInputError

__all__ = ["Exclusion", "FunnelSpec", "compile_spec", "event_names"]


# ---------------------------------------------------------------------------
# Spec
# ---------------------------------------------------------------------------


def _validation_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def _init_model(model: BaseModel, **data: Any) -> None:
    """Validate ``data`` into ``model``, raising :class:`InvalidInputError` on bad input."""
    try:
        BaseModel.__init__(model, **data)
    except ValidationError as exc:
        raise InvalidInputError(_validation_message(exc)) from None


def _fmt_timedelta(td: _dt.timedelta) -> str:
    seconds = td.total_seconds()
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds:g} seconds"


class Exclusion(EcomopsModel):
    """An exclusion step: an event that must not happen between two funnel steps.

    Parameters
    ----------
    event : str
        The excluded event's name (not an event of any funnel step).
    from_step, to_step : int
        0-based steps, ``0 <= from_step < to_step <= n_steps - 1``; the
        exclusion watches the attempt after its ``from_step`` event and before
        its ``to_step`` event.
    effect : {"drop_unit", "stop_at_step"}
        ``"drop_unit"`` (default, as PostHog and Mixpanel): a unit whose counted
        attempt meets the event is removed from the whole funnel (counted in
        ``FunnelResult.n_excluded``). ``"stop_at_step"``: an attempt cannot pass
        a step after the event; it counts as reaching the last step before it.

    Raises
    ------
    InvalidInputError
        For an empty event name, a negative ``from_step`` or
        ``to_step <= from_step``. The upper bound is checked by :class:`FunnelSpec`.

    References
    ----------
    .. [1] PostHog documentation, "Funnels: exclusion steps" (units excluded
       from the funnel altogether).
    .. [2] Mixpanel documentation, "Funnels: advanced", exclusion steps.

    Examples
    --------
    >>> Exclusion("coupon_error", 2, 4)
    Exclusion(event='coupon_error', from_step=2, to_step=4, effect='drop_unit')
    >>> Exclusion("coupon_error", 3, 2)
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InvalidInputError: to_step must be > from_step; got from_step=3, to_step=2
    """

    event: str
    from_step: int
    to_step: int
    effect: ExclusionEffect = "drop_unit"

    def __init__(
        self, event: str, from_step: int, to_step: int, effect: ExclusionEffect = "drop_unit"
    ) -> None:
        _init_model(self, event=event, from_step=from_step, to_step=to_step, effect=effect)

    @model_validator(mode="after")
    def _check(self) -> Exclusion:
        if not self.event:
            raise ValueError("event must be a non-empty string")
        if self.from_step < 0:
            raise ValueError(f"from_step must be >= 0; got {self.from_step}")
        if self.to_step <= self.from_step:
            raise ValueError(
                f"to_step must be > from_step; got from_step={self.from_step}, "
                f"to_step={self.to_step}"
            )
        return self


class FunnelSpec(EcomopsModel):
    """What counts as a funnel: steps, order, window, attempt rule, exclusions, unit.

    Parameters
    ----------
    steps : sequence of str or of sequences of str
        The ordered steps, at least two. A step is an event name or a sequence
        of names any of which fills it (``["visit", ["product_view",
        "quick_view"], "add_to_cart"]``). In ordered and strict funnels an
        event may belong to several steps (``["view", "view", "cart"]``); in
        unordered funnels each event belongs to at most one step.
    window : datetime.timedelta
        Conversion window, ``> 0``, inclusive, anchored at the attempt's first
        step: an attempt opened at ``t0`` may use events with
        ``t <= t0 + window``. There is no default because tools disagree
        (Mixpanel 7 or 30 days, PostHog 14 days, Amplitude 1 day). [time]
    step_windows : sequence of (timedelta or None), optional
        One entry per step after the first: the largest gap allowed from the
        previous step's event (inclusive), or None for no limit. Not for
        unordered funnels. [time]
    step_order : {"ordered", "strict", "unordered"}
        ``"ordered"`` (default): steps in order, other events may come between.
        ``"strict"``: no other event of the unit may come between consecutive
        steps (needs the unit's full event stream, not only funnel events).
        ``"unordered"``: a unit reaching step ``j`` did ``j + 1`` distinct steps
        inside one window, in any order.
    attempt : {"furthest", "first"}
        ``"furthest"`` (default): every step-1 event may open an attempt and the
        unit's furthest attempt counts (ClickHouse ``windowFunnel``, PostHog).
        ``"first"``: only the unit's first step-1 event opens one (Mixpanel's
        unique-user funnel).
    exclusions : sequence of Exclusion
        Exclusion steps (ordered and strict funnels only).
    unit_name : str
        Name of the counting unit, shown in results: ``"user"`` (default),
        ``"session"``, or any key. The unit ids themselves are passed to
        :func:`compute_funnel` as ``unit_ids``.
    labels : sequence of str, optional
        Display names of the steps; default: the step's events joined by ``|``.

    Raises
    ------
    InvalidInputError
        For fewer than two steps, an empty step or event name, a window
        ``<= 0``, a ``step_windows`` of the wrong length or with a gap ``<= 0``,
        an exclusion range out of bounds or on a step's own event, options the
        order does not support, or labels that are not unique.

    References
    ----------
    .. [1] ClickHouse documentation, "windowFunnel".
    .. [2] Mixpanel documentation, "Funnels: advanced" (conversion window,
       re-entry, any order).

    Examples
    --------
    >>> from datetime import timedelta
    >>> spec = FunnelSpec(["visit", ["product_view", "quick_view"], "pay"],
    ...                   window=timedelta(days=7))
    >>> spec.step_names
    ('visit', 'product_view|quick_view', 'pay')
    >>> print(*spec.describe().split("; "), sep="\\n")
    ordered funnel of 3 steps per user
    attempt='furthest' (every step-1 event opens an attempt, the furthest counts)
    window 7 days, inclusive, from the attempt's first step
    ties in step order
    >>> FunnelSpec(["visit"], window=timedelta(days=7))
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InvalidInputError: steps: a funnel needs at least two steps; got 1
    """

    steps: tuple[tuple[str, ...], ...]
    window: _dt.timedelta
    step_windows: tuple[_dt.timedelta | None, ...] | None = None
    step_order: FunnelOrder = "ordered"
    attempt: AttemptRule = "furthest"
    exclusions: tuple[Exclusion, ...] = ()
    unit_name: str = "user"
    labels: tuple[str, ...] | None = None

    def __init__(
        self,
        steps: Sequence[str | Sequence[str]],
        *,
        window: _dt.timedelta,
        step_windows: Sequence[_dt.timedelta | None] | None = None,
        step_order: FunnelOrder = "ordered",
        attempt: AttemptRule = "furthest",
        exclusions: Sequence[Exclusion] = (),
        unit_name: str = "user",
        labels: Sequence[str] | None = None,
    ) -> None:
        _init_model(
            self,
            steps=steps,
            window=window,
            step_windows=step_windows,
            step_order=step_order,
            attempt=attempt,
            exclusions=exclusions,
            unit_name=unit_name,
            labels=labels,
        )

    @field_validator("steps", mode="before")
    @classmethod
    def _normalise_steps(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError("steps must be a sequence of steps, not one string")
        try:
            items = list(value)
        except TypeError:
            raise ValueError("steps must be a sequence of event names") from None
        if len(items) < 2:
            raise ValueError(f"a funnel needs at least two steps; got {len(items)}")
        out = []
        for i, step in enumerate(items):
            events = (step,) if isinstance(step, str) else tuple(step)
            if not events:
                raise ValueError(f"step {i} has no event")
            if not all(isinstance(e, str) and e for e in events):
                raise ValueError(f"step {i} must hold non-empty event names; got {step!r}")
            if len(set(events)) != len(events):
                raise ValueError(f"step {i} repeats an event: {step!r}")
            out.append(events)
        return tuple(out)

    @model_validator(mode="after")
    def _check(self) -> FunnelSpec:
        k = len(self.steps)
        if self.window <= _dt.timedelta(0):
            raise ValueError(f"window must be > 0; got {self.window!r}")
        if self.step_windows is not None:
            if self.step_order == "unordered":
                raise ValueError("step_windows are not defined for step_order='unordered'")
            if len(self.step_windows) != k - 1:
                raise ValueError(
                    f"step_windows must have one entry per step after the first ({k - 1}); "
                    f"got {len(self.step_windows)}"
                )
            for i, w in enumerate(self.step_windows):
                if w is not None and w <= _dt.timedelta(0):
                    raise ValueError(f"step_windows[{i}] must be > 0 or None; got {w!r}")
        step_events = {e for step in self.steps for e in step}
        if self.step_order == "unordered":
            seen: set[str] = set()
            for step in self.steps:
                if seen & set(step):
                    raise ValueError(
                        "in an unordered funnel an event may belong to one step only; "
                        f"{sorted(seen & set(step))[0]!r} is in several"
                    )
                seen |= set(step)
            if self.exclusions:
                raise ValueError("exclusions are not defined for step_order='unordered'")
        for i, ex in enumerate(self.exclusions):
            if ex.to_step > k - 1:
                raise ValueError(
                    f"exclusion {i} ({ex.event!r}) has to_step={ex.to_step}; steps are 0..{k - 1}"
                )
            if ex.event in step_events:
                raise ValueError(
                    f"exclusion {i} event {ex.event!r} is a funnel step's event; "
                    "exclude an event outside the funnel"
                )
        if self.labels is not None:
            if len(self.labels) != k:
                raise ValueError(f"labels must have {k} entries; got {len(self.labels)}")
            if len(set(self.labels)) != k:
                raise ValueError("labels must be unique")
        if not self.unit_name:
            raise ValueError("unit_name must be a non-empty name")
        return self

    @property
    def n_steps(self) -> int:
        """Number of steps."""
        return len(self.steps)

    @property
    def step_names(self) -> tuple[str, ...]:
        """Display name of each step (``labels`` or the events joined by ``|``)."""
        if self.labels is not None:
            return self.labels
        return tuple("|".join(step) for step in self.steps)

    def describe(self) -> str:
        """The semantics in one line, as printed with every result.

        Examples
        --------
        >>> from datetime import timedelta
        >>> spec = FunnelSpec(["a", "b"], window=timedelta(hours=2), attempt="first",
        ...                   step_order="strict", unit_name="session")
        >>> print(*spec.describe().split("; "), sep="\\n")
        strict funnel of 2 steps per session
        attempt='first' (only the first step-1 event opens an attempt)
        window 2 hours, inclusive, from the attempt's first step
        ties in step order
        """
        rule = (
            "every step-1 event opens an attempt, the furthest counts"
            if self.attempt == "furthest"
            else "only the first step-1 event opens an attempt"
        )
        if self.step_order == "unordered":
            rule = rule.replace("step-1 event", "funnel event")
        parts = [
            f"{self.step_order} funnel of {self.n_steps} steps per {self.unit_name}",
            f"attempt={self.attempt!r} ({rule})",
            f"window {_fmt_timedelta(self.window)}, inclusive, from the attempt's first step",
        ]
        if self.step_windows is not None and any(w is not None for w in self.step_windows):
            gaps = ", ".join("-" if w is None else _fmt_timedelta(w) for w in self.step_windows)
            parts.append(f"step windows from the prior step [{gaps}]")
        parts.append("ties in step order")
        parts.extend(
            f"exclude {ex.event!r} between steps {ex.from_step} and {ex.to_step} ({ex.effect})"
            for ex in self.exclusions
        )
        return "; ".join(parts)


# ---------------------------------------------------------------------------
# The spec as lookup tables for the kernels
# ---------------------------------------------------------------------------


def event_names(spec: FunnelSpec) -> list[str]:
    """The spec's event names, steps first (in step order), then exclusion events."""
    names: list[str] = []
    for step in spec.steps:
        names.extend(e for e in step if e not in names)
    names.extend(dict.fromkeys(ex.event for ex in spec.exclusions if ex.event not in names))
    return names


def compile_spec(spec: FunnelSpec, tick_ns: int) -> _k.SpecArrays:
    """The spec as the kernels read it: tables over the codes of :func:`event_names`.

    Tie order at one timestamp: the sorted tuple of steps an event can fill
    (first step first, then the later steps it can also fill), then each
    exclusion event, then events outside the funnel. Events matching the same
    steps are interchangeable.
    """
    names = event_names(spec)
    index = {n: i + 1 for i, n in enumerate(names)}
    k = spec.n_steps
    table = np.zeros((k, len(names) + 1), dtype=bool)
    for j, step in enumerate(spec.steps):
        table[j, [index[e] for e in step]] = True
    step_sets = {n: tuple(np.flatnonzero(table[:, index[n]]).tolist()) for n in names}
    distinct = sorted({s for s in step_sets.values() if s})
    position = {s: i for i, s in enumerate(distinct)}
    excl_names = list(dict.fromkeys(ex.event for ex in spec.exclusions))
    n_ranks = len(distinct) + len(excl_names) + 1
    rank = np.full(len(names) + 1, n_ranks - 1, dtype=np.int16)
    for n, steps_of in step_sets.items():
        if steps_of:
            rank[index[n]] = position[steps_of]
    for i, n in enumerate(excl_names):
        rank[index[n]] = len(distinct) + i
    rank_steps = np.zeros((k, n_ranks), dtype=bool)
    for steps_of, r in position.items():
        rank_steps[list(steps_of), r] = True
    windows = [
        None if w is None else _k.timedelta_ticks(w, tick_ns)
        for w in (spec.step_windows or [None] * (k - 1))
    ]
    return _k.SpecArrays(
        k=k,
        order=spec.step_order,
        attempt=spec.attempt,
        window=_k.timedelta_ticks(spec.window, tick_ns),
        step_windows=windows,
        step_table=table,
        rank_table=rank,
        rank_steps=rank_steps,
        n_ranks=n_ranks,
        exclusions=[
            (int(rank[index[ex.event]]), ex.from_step, ex.to_step, ex.effect)
            for ex in spec.exclusions
        ],
    )
