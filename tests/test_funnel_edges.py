"""Edges of event-log funnels: the exclusion rule, absent event names, window strings.

Exclusions. PostHog's funnel (its ClickHouse UDF, ``funnel-udf/src/steps.rs``:
an attempt that reaches the furthest step without the excluded event replaces
an excluded one; its earlier SQL funnel filtered excluded attempts with
``exclusion = 0`` before taking each person's furthest step) and Mixpanel
(exclusion steps are a "did not do" filter on a funnel attempt, and re-entry
evaluates every attempt) judge each attempt: a unit is dropped only when no
attempt reaching its furthest step is clean. ``exclusion_rule="clean_attempt"``
(the default) is that rule; ``"counted_attempt"`` judges only the counted
attempt (the rule before). The hand logs below separate the two; the property
test checks the kernel against a brute-force reference written from the
definitions (``tests/test_funnel.py``), on logs with many excluded events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops._funnel.compute import _compute as compute_with_kernel
from ecomops.exceptions import InvalidInputError
from ecomops.funnel import Exclusion, FunnelSpec, compute_funnel
from tests.test_funnel import check_against_reference, reference_funnel

T0 = np.datetime64("2025-11-11T00:00", "s")
MIN = np.timedelta64(60, "s")
HOUR = dt.timedelta(hours=1)
STEPS = ["view", "cart", "pay"]
COUPON = Exclusion("coupon_error", 1, 2)

# (unit, minute, event): two attempts per unit, window one hour.
TWO_ATTEMPTS: list[tuple[int, int, str]] = [
    # u1: the first attempt meets the error between cart and pay; the second
    # (view 100, cart 110, pay 120) reaches pay cleanly. PostHog keeps u1.
    (1, 0, "view"), (1, 10, "cart"), (1, 15, "coupon_error"), (1, 20, "pay"),
    (1, 100, "view"), (1, 110, "cart"), (1, 120, "pay"),
    # u2: both attempts meet the error: dropped under both rules.
    (2, 0, "view"), (2, 10, "cart"), (2, 15, "coupon_error"), (2, 20, "pay"),
    (2, 100, "view"), (2, 110, "cart"), (2, 115, "coupon_error"), (2, 120, "pay"),
    # u3: the clean attempt reaches only cart, the excluded one reaches pay:
    # the furthest step is pay and no attempt reaches it cleanly: dropped.
    (3, 0, "view"), (3, 10, "cart"), (3, 15, "coupon_error"), (3, 20, "pay"),
    (3, 100, "view"), (3, 110, "cart"),
    # u4: one attempt, never reaching pay; the error follows its cart inside
    # the window: dropped under both rules.
    (4, 0, "view"), (4, 10, "cart"), (4, 30, "coupon_error"),
    # u5: the clean attempt comes first; the counted one (first to reach pay)
    # is it: kept under both rules.
    (5, 0, "view"), (5, 10, "cart"), (5, 20, "pay"),
    (5, 100, "view"), (5, 110, "cart"), (5, 115, "coupon_error"), (5, 120, "pay"),
]  # fmt: skip


def run(log: list[tuple[int, int, str]], **kwargs: Any) -> Any:
    spec = FunnelSpec(STEPS, window=HOUR, exclusions=[COUPON], **kwargs)
    units = np.array([r[0] for r in log])
    times = T0 + np.array([r[1] for r in log]) * MIN
    events = np.array([r[2] for r in log])
    res = compute_funnel(units, times, events, spec)
    ref = reference_funnel(
        [r[0] for r in log], [r[1] for r in log], [r[2] for r in log], spec, None
    )
    check_against_reference(res, ref)
    return res


class TestExclusionRule:
    def test_a_later_clean_attempt_keeps_the_unit(self) -> None:
        # the example: u1 is kept by PostHog's rule, dropped by the old one
        res = run(TWO_ATTEMPTS)
        assert res.spec.exclusion_rule == "clean_attempt"
        assert res.per_unit.is_excluded.tolist() == [False, True, True, True, False]
        assert res.step_counts.tolist() == [2, 2, 2]
        assert res.n_excluded == 3
        # u1 is reported from its clean attempt: started at 100, paid 20 minutes later
        assert res.per_unit.entered_at[0] == T0 + 100 * MIN
        assert res.seconds_to_step[0].tolist() == [0.0, 600.0, 1200.0]

    def test_the_counted_attempt_rule_is_still_selectable(self) -> None:
        res = run(TWO_ATTEMPTS, exclusion_rule="counted_attempt")
        # the counted attempt of u1 is its first one (first to reach pay): dropped
        assert res.per_unit.is_excluded.tolist() == [True, True, True, True, False]
        assert res.step_counts.tolist() == [1, 1, 1]
        assert res.n_excluded == 4
        assert "exclusion_rule='counted_attempt'" in repr(res)

    def test_attempt_first_has_one_attempt_but_several_chains(self) -> None:
        # one view, two carts: the chain through the second cart avoids the error
        log = [(1, 0, "view"), (1, 10, "cart"), (1, 15, "coupon_error"), (1, 25, "cart"),
               (1, 30, "pay")]  # fmt: skip
        for rule in ("clean_attempt", "counted_attempt"):
            res = run(log, attempt="first", exclusion_rule=rule)
            assert res.per_unit.is_excluded.tolist() == [False]

    def test_pending_exclusion_uses_the_latest_start(self) -> None:
        # u1 never pays; the error at 65 is inside the window of the view at 10
        # (the latest start of the chain to the cart at 20), not of the view at 0
        log = [(1, 0, "view"), (1, 10, "view"), (1, 20, "cart"), (1, 65, "coupon_error")]
        res = run(log)
        assert res.per_unit.is_excluded.tolist() == [True]
        later = run([(u, t + 10 if e == "coupon_error" else t, e) for u, t, e in log])
        assert later.per_unit.is_excluded.tolist() == [False]  # error at 75 > 10 + 60
        edge = run([(u, t + 5 if e == "coupon_error" else t, e) for u, t, e in log])
        assert edge.per_unit.is_excluded.tolist() == [True]  # at 70 = 10 + 60: inclusive

    def test_both_kernels_fall_back_to_one_rule(self) -> None:
        units = np.array([r[0] for r in TWO_ATTEMPTS])
        times = T0 + np.array([r[1] for r in TWO_ATTEMPTS]) * MIN
        events = np.array([r[2] for r in TWO_ATTEMPTS])
        spec = FunnelSpec(STEPS, window=HOUR, attempt="first", exclusions=[COUPON])
        outs = [
            compute_with_kernel(
                units, times, events, spec, as_of=None, breakdown=None,
                attribution="first_touch", breakdown_top=10, confidence_level=0.95,
                method="wilson", kernel=kernel,
            ).per_unit.is_excluded.tolist()
            for kernel in ("first_pass", "sorted")
        ]  # fmt: skip
        assert outs[0] == outs[1]

    def test_option_is_validated(self) -> None:
        with pytest.raises(InvalidInputError, match="exclusion_rule"):
            FunnelSpec(STEPS, window=HOUR, exclusion_rule="any")  # type: ignore[arg-type]


@st.composite
def excluded_logs(draw: st.DrawFn) -> tuple[list[int], list[int], list[str], FunnelSpec]:
    """Small logs dense in excluded events, several attempts per unit."""
    k = draw(st.integers(2, 4))
    steps = [["a"], ["b"], ["c"], ["d"]][:k]
    exclusions = []
    for i in range(draw(st.integers(1, 2))):
        a = draw(st.integers(0, k - 2))
        b = draw(st.integers(a + 1, k - 1))
        effect = draw(st.sampled_from(["drop_unit", "drop_unit", "stop_at_step"]))
        exclusions.append(Exclusion(["x", "y"][i], a, b, effect=effect))
    spec = FunnelSpec(
        steps,
        window=dt.timedelta(minutes=draw(st.integers(2, 8))),
        step_order=draw(st.sampled_from(["ordered", "ordered", "strict"])),
        attempt=draw(st.sampled_from(["furthest", "first"])),
        exclusions=exclusions,
        exclusion_rule=draw(st.sampled_from(["clean_attempt", "counted_attempt"])),
    )
    # each unit makes one to three attempts: steps in order, a few minutes
    # apart, with excluded events slipped in, plus a little noise
    names = [*"abcd"[:k]]
    rows: list[tuple[int, int, str]] = []
    for unit in range(draw(st.integers(1, 3))):
        for _ in range(draw(st.integers(1, 3))):
            t = draw(st.integers(0, 20))
            for name in names[: draw(st.integers(1, k))]:
                if draw(st.integers(0, 3)) == 0:
                    rows.append((unit, t, draw(st.sampled_from(["x", "y"]))))
                    t += draw(st.integers(0, 1))
                rows.append((unit, t, name))
                t += draw(st.integers(0, 3))
            if draw(st.booleans()):
                rows.append((unit, t + draw(st.integers(0, 4)), draw(st.sampled_from(["x", "y"]))))
        noise = st.tuples(st.just(unit), st.integers(0, 25), st.sampled_from([*names, "x", "o"]))
        rows.extend(draw(st.lists(noise, max_size=3)))
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], spec


class TestExclusionProperty:
    @settings(max_examples=200)
    @given(excluded_logs())
    def test_kernel_equals_reference(
        self, case: tuple[list[int], list[int], list[str], FunnelSpec]
    ) -> None:
        units, minutes, events, spec = case
        res = compute_funnel(
            np.array(units, dtype=np.int64),
            T0 + np.array(minutes, dtype=np.int64) * MIN,
            np.array(events, dtype=str),
            spec,
            check_names="off",
        )
        check_against_reference(res, reference_funnel(units, minutes, events, spec, None))


class TestAbsentNames:
    def test_a_misspelt_step_raises_listing_the_log_names(self) -> None:
        # the example: the log's last step is "payment"
        spec = FunnelSpec(["visit", "product_view", "pay"], window="1d")
        events = ["visit", "product_view", "payment"]
        with pytest.raises(InvalidInputError, match=r"'pay'.*did you mean 'payment'") as err:
            compute_funnel([1, 1, 1], [T0, T0 + MIN, T0 + 2 * MIN], events, spec)
        assert "'payment', 'product_view', 'visit'" in str(err.value)

    def test_look_alikes(self) -> None:
        times = [T0] * 2
        for spec_name, log_name in [("add_to_cart", "AddToCart"), ("purchse", "purchase"),
                                    ("checkout", "check-out")]:  # fmt: skip
            spec = FunnelSpec(["visit", spec_name], window=HOUR)
            with pytest.raises(InvalidInputError, match=repr(log_name)):
                compute_funnel([1, 1], times, ["visit", log_name], spec)

    def test_an_excluded_event_is_checked_too(self) -> None:
        spec = FunnelSpec(["a", "b"], window=HOUR, exclusions=[Exclusion("coupon_eror", 0, 1)])
        with pytest.raises(InvalidInputError, match="exclusion event 'coupon_eror'"):
            compute_funnel([1, 1, 1], [T0] * 3, ["a", "coupon_error", "b"], spec)

    def test_a_genuine_zero_is_an_answer(self) -> None:
        # nobody paid yet and nothing looks like "pay": zeros, no error, no warning
        spec = FunnelSpec(["view", "cart", "pay"], window=HOUR)
        res = compute_funnel([1, 2], [T0, T0], ["view", "cart"], spec)
        assert res.step_counts.tolist() == [1, 0, 0]
        with pytest.raises(InvalidInputError, match="'pay' of the spec never occurs"):
            compute_funnel([1, 2], [T0, T0], ["view", "cart"], spec, check_names="all")

    def test_off_and_bad_option(self) -> None:
        spec = FunnelSpec(["visit", "pay"], window=HOUR)
        res = compute_funnel([1, 1], [T0] * 2, ["visit", "payment"], spec, check_names="off")
        assert res.step_counts.tolist() == [1, 0]
        with pytest.raises(InvalidInputError, match="check_names must be one of"):
            compute_funnel([1], [T0], ["visit"], spec, check_names="yes")  # type: ignore[arg-type]

    def test_many_names_and_bytes(self) -> None:
        # more distinct names than the masking rounds: the rest is hashed in a set
        names = [f"page_{i:03d}" for i in range(300)] + ["visit", "payment"]
        spec = FunnelSpec(["visit", "pay"], window=HOUR)
        for col in (np.array(names), np.array(names, dtype="S"), np.array(names, dtype=object)):
            with pytest.raises(InvalidInputError, match=r"'payment'\? .*and 282 more"):
                compute_funnel(np.ones(len(names), int), [T0] * len(names), col, spec)

    def test_pandas_and_polars_names(self) -> None:
        spec = FunnelSpec(["visit", "pay"], window=HOUR)
        pd = pytest.importorskip("pandas")
        for col in (pd.Series(["visit", None, "payment"]),
                    pd.Series(["visit", None, "payment"], dtype="category")):  # fmt: skip
            with pytest.raises(InvalidInputError, match="are 'payment', 'visit'"):
                compute_funnel([1, 1, 1], [T0] * 3, col, spec)
        pl = pytest.importorskip("polars")
        with pytest.raises(InvalidInputError, match="are 'payment', 'visit'"):
            compute_funnel([1, 1, 1], [T0] * 3, pl.Series(["visit", None, "payment"]), spec)


class TestWindowStrings:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("30min", dt.timedelta(minutes=30)),
            ("1h", HOUR),
            ("2d", dt.timedelta(days=2)),
            ("1w", dt.timedelta(weeks=1)),
            ("1h30min", dt.timedelta(minutes=90)),
            ("1.5h", dt.timedelta(minutes=90)),
            ("7 days", dt.timedelta(days=7)),
            ("PT30M", dt.timedelta(minutes=30)),
        ],
    )
    def test_pandas_style_strings(self, text: str, expected: dt.timedelta) -> None:
        spec = FunnelSpec(["a", "b"], window=text, step_windows=[text])
        assert spec.window == expected
        assert spec.step_windows == (expected,)

    @pytest.mark.parametrize("bad", ["30m", "1x", "h", "", "-1h", "1e3s", "0.0000001s"])
    def test_bad_strings_say_the_grammar(self, bad: str) -> None:
        with pytest.raises(InvalidInputError, match=r"window: expected a timedelta .*'30min'"):
            FunnelSpec(["a", "b"], window=bad)

    def test_bare_numbers_are_refused(self) -> None:
        # pydantic would read 7 as seven seconds
        with pytest.raises(InvalidInputError, match="a bare number has no unit"):
            FunnelSpec(["a", "b"], window=7)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="step_windows: entry 1: expected"):
            FunnelSpec(["a", "b", "c"], window=HOUR, step_windows=[None, 5])  # type: ignore[list-item]

    def test_numpy_timedelta(self) -> None:
        spec = FunnelSpec(["a", "b"], window=np.timedelta64(90, "m"))  # type: ignore[arg-type]
        assert spec.window == dt.timedelta(minutes=90)
        with pytest.raises(InvalidInputError, match="window"):
            FunnelSpec(["a", "b"], window=np.timedelta64("NaT"))  # type: ignore[arg-type]
