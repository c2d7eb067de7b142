"""Funnel specification: steps, order, window, attempt rule, exclusions (private).

Re-exported from [`ecomops.funnel`][ecomops.funnel].
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError, field_validator, model_validator

from ecomops._core.columns import timedelta_ticks
from ecomops._core.models import EcomopsModel
from ecomops._core.typing import AttemptRule, ExclusionEffect, ExclusionRule, FunnelOrder
from ecomops._funnel import kernel as _k
from ecomops.exceptions import InvalidInputError

__all__ = ["Exclusion", "FunnelSpec", "compile_spec", "event_names", "parse_duration"]


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
    """Validate ``data`` into ``model``, raising `InvalidInputError` on bad input."""
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


#: Seconds in one unit of a duration string (pandas' offset aliases, long forms too).
_UNIT_SECONDS = {
    "w": 604_800, "week": 604_800, "weeks": 604_800,
    "d": 86_400, "day": 86_400, "days": 86_400,
    "h": 3_600, "hour": 3_600, "hours": 3_600,
    "min": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "second": 1, "seconds": 1,
}  # fmt: skip
_TERM = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*")
_ISO_DURATION = TypeAdapter(_dt.timedelta)
DURATION_GRAMMAR = (
    "one or more terms <number><unit>, e.g. '30min', '1h', '2d', '1w', '1h30min', '1.5h'; "
    "units w, d, h, min, s (or week, day, hour, minute, second, singular or plural); "
    "or ISO 8601 ('PT30M')"
)


def parse_duration(text: str, name: str = "window") -> _dt.timedelta:
    """A pandas-style duration string as a `datetime.timedelta`, exactly.

    Grammar: one or more terms ``<number><unit>`` (spaces allowed), the number
    a non-negative decimal, the unit one of ``w``, ``d``, ``h``, ``min``, ``s``
    or their long forms (``week``, ``day``, ``hour``, ``minute``, ``second``,
    singular or plural); the total must be a whole number of microseconds.
    ``"m"`` is refused: pandas reads it as minutes, others as months. ISO 8601
    durations (``"PT30M"``, as the spec's JSON writes them) are read too.

    Examples
    --------
    >>> parse_duration("30min"), parse_duration("1h30min")
    (datetime.timedelta(seconds=1800), datetime.timedelta(seconds=5400))
    >>> parse_duration("1.5 days")
    datetime.timedelta(days=1, seconds=43200)
    >>> parse_duration("30m")
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InvalidInputError: window: expected a timedelta or a duration string: ...
    """
    parsed = _parse(text)
    if parsed is None:
        raise InvalidInputError(f"{name}: {_expected(text)}")
    return parsed


def _expected(value: Any) -> str:
    return f"expected a timedelta or a duration string: {DURATION_GRAMMAR}; got {value!r}"


def _parse(text: str) -> _dt.timedelta | None:
    if text.strip()[:1] in ("P", "p"):
        try:  # ISO 8601, as the spec's own JSON writes it
            return _ISO_DURATION.validate_python(text.strip())
        except ValidationError:
            return None
    pos, total, text_l = 0, Decimal(0), text.strip().lower()
    while pos < len(text_l):
        m = _TERM.match(text_l, pos)
        if m is None or m.group(2) not in _UNIT_SECONDS:
            total = Decimal(-1)
            break
        total += Decimal(m.group(1)) * _UNIT_SECONDS[m.group(2)]
        pos = m.end()
    micros = total * 1_000_000
    if not text_l or total < 0 or micros != micros.to_integral_value():
        return None
    return _dt.timedelta(microseconds=int(micros))


def _as_duration(value: Any) -> Any:
    """Durations the spec accepts: timedelta, numpy timedelta64, or a duration string.

    A bare number is refused: it has no unit (pydantic would read it as seconds).
    """
    if value is None or isinstance(value, _dt.timedelta):
        return value
    if isinstance(value, str):
        parsed = _parse(value)
        if parsed is None:
            raise ValueError(_expected(value))
        return parsed
    if isinstance(value, np.timedelta64) and not np.isnat(value):
        return _dt.timedelta(microseconds=int(value.astype("timedelta64[us]").astype(np.int64)))
    bare = isinstance(value, int | float | np.number) and not isinstance(value, bool)
    raise ValueError(_expected(value) + (" (a bare number has no unit)" if bare else ""))


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
        ``"drop_unit"`` (default): a unit whose attempts reaching its furthest
        step all meet the event is removed from the whole funnel (counted in
        ``FunnelResult.n_excluded``); which attempts are judged is
        ``FunnelSpec.exclusion_rule``. ``"stop_at_step"``: an attempt cannot pass
        a step after the event; it counts as reaching the last step before it.

    Raises
    ------
    InvalidInputError
        For an empty event name, a negative ``from_step`` or ``to_step <=
        from_step``. The upper bound is checked by
        [`FunnelSpec`][ecomops.funnel.FunnelSpec].

    References
    ----------
    1. PostHog, ``funnel-udf/src/steps.rs`` in PostHog/posthog (each
       attempt is judged: a clean attempt to the furthest step replaces an
       excluded one; a person with none is excluded from the whole funnel).
    2. Mixpanel help, "Using exclusion steps" (a "did not do" filter on a
       funnel attempt), and "Funnels: advanced" (re-entry).

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
    window : datetime.timedelta or str
        Conversion window, ``> 0``, a timedelta (numpy ``timedelta64`` too) or
        a duration string: ``"30min"``, ``"1h"``, ``"2d"``, ``"1w"``,
        ``"1h30min"``, ``"1.5h"`` (terms ``<number><unit>``, units ``w``,
        ``d``, ``h``, ``min``, ``s`` or their long forms; ``"m"`` is refused
        as ambiguous) or ISO 8601 (``"PT30M"``); a bare number is refused (no
        unit). inclusive, anchored at the attempt's first
        step: an attempt opened at ``t0`` may use events with
        ``t <= t0 + window``. There is no default because tools disagree
        (Mixpanel 7 or 30 days, PostHog 14 days, Amplitude 1 day). [time]
    step_windows : sequence of (timedelta, str or None), optional
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
    exclusion_rule : {"clean_attempt", "counted_attempt"}
        Which attempts a ``drop_unit`` exclusion judges. ``"clean_attempt"``
        (default, as PostHog and Mixpanel): the unit stays when some attempt
        (chain) that reaches its furthest step meets no excluded event, and
        that attempt is the counted one; it is dropped only when every attempt
        reaching its furthest step meets one. ``"counted_attempt"``: only the
        counted attempt (chosen ignoring exclusions) is judged; the unit is
        dropped when it meets the event, even if another attempt to the same
        step is clean (ecomops before 1.0).
    unit_name : str
        Name of the counting unit, shown in results: ``"user"`` (default),
        ``"session"``, or any key. The unit ids themselves are passed to
        [`compute_funnel`][ecomops.funnel.compute_funnel] as ``unit_ids``.
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
    1. ClickHouse documentation, "windowFunnel".
    2. Mixpanel documentation, "Funnels: advanced" (conversion window,
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

    Windows may be written as duration strings:

    >>> FunnelSpec(["visit", "pay"], window="1h30min", step_windows=["30min"]).window
    datetime.timedelta(seconds=5400)
    """

    steps: tuple[tuple[str, ...], ...]
    window: _dt.timedelta
    step_windows: tuple[_dt.timedelta | None, ...] | None = None
    step_order: FunnelOrder = "ordered"
    attempt: AttemptRule = "furthest"
    exclusions: tuple[Exclusion, ...] = ()
    exclusion_rule: ExclusionRule = "clean_attempt"
    unit_name: str = "user"
    labels: tuple[str, ...] | None = None

    def __init__(
        self,
        steps: Sequence[str | Sequence[str]],
        *,
        window: _dt.timedelta | str,
        step_windows: Sequence[_dt.timedelta | str | None] | None = None,
        step_order: FunnelOrder = "ordered",
        attempt: AttemptRule = "furthest",
        exclusions: Sequence[Exclusion] = (),
        exclusion_rule: ExclusionRule = "clean_attempt",
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
            exclusion_rule=exclusion_rule,
            unit_name=unit_name,
            labels=labels,
        )

    @field_validator("window", mode="before")
    @classmethod
    def _parse_window(cls, value: Any) -> Any:
        return _as_duration(value)

    @field_validator("step_windows", mode="before")
    @classmethod
    def _parse_step_windows(cls, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value  # a lone string fails the tuple type
        try:
            items = list(value)
        except TypeError:
            return value
        out = []
        for i, w in enumerate(items):
            try:
                out.append(_as_duration(w))
            except ValueError as exc:
                raise ValueError(f"entry {i}: {exc}") from None
        return out

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
        if any(ex.effect == "drop_unit" for ex in self.exclusions):
            parts.append(f"exclusion_rule={self.exclusion_rule!r}")
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
    """The spec as the kernels read it: tables over the codes of `event_names`.

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
        None if w is None else timedelta_ticks(w, tick_ns)
        for w in (spec.step_windows or [None] * (k - 1))
    ]
    return _k.SpecArrays(
        k=k,
        order=spec.step_order,
        attempt=spec.attempt,
        window=timedelta_ticks(spec.window, tick_ns),
        step_windows=windows,
        step_table=table,
        rank_table=rank,
        rank_steps=rank_steps,
        n_ranks=n_ranks,
        exclusions=[
            (int(rank[index[ex.event]]), ex.from_step, ex.to_step, ex.effect)
            for ex in spec.exclusions
        ],
        exclusion_rule=spec.exclusion_rule,
    )
