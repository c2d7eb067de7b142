"""Tests of customer summaries, RFM scores, segment maps and cohorts."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections import defaultdict
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecomops.exceptions import InvalidInputError
from ecomops.segmentation import (
    CustomerSummary,
    SegmentMap,
    SegmentMapWarning,
    SegmentRule,
    cohort_matrix,
    customer_summary,
    rfm_scores,
    rfm_scores_from_values,
    segment_customers,
    segment_migration,
    segment_summary,
)

# --------------------------------------------------------------------------- fixtures

# A hand-checkable log (as_of 2024-01-31): customer 1 orders twice on 2 January (one
# day, one occasion), again on 10 January, gets a refund on 20 January (order 103)
# and orders after as_of; 2, 3 and 11 are tied (one order of 25.00 on 5 January).
ROWS: list[tuple[int, str, float, int]] = [
    (1, "2024-01-02T09:00", 30.0, 101), (1, "2024-01-02T18:30", 20.0, 102),
    (1, "2024-01-10T12:00", 40.0, 103), (1, "2024-01-20T08:00", -10.0, 103),
    (2, "2024-01-05T10:00", 25.0, 201), (3, "2024-01-05T11:00", 25.0, 301),
    (4, "2024-01-12T10:00", 12.5, 401), (4, "2024-01-29T10:00", 60.0, 402),
    (4, "2024-01-29T15:00", 15.0, 403), (5, "2024-01-03T10:00", 200.0, 501),
    (6, "2024-01-30T10:00", 8.0, 601), (7, "2024-01-15T10:00", 45.0, 701),
    (7, "2024-01-22T10:00", 45.0, 702), (8, "2024-01-08T10:00", 25.0, 801),
    (9, "2024-01-31T23:00", 5.0, 901), (10, "2024-01-02T10:00", 75.0, 1001),
    (10, "2024-01-16T10:00", 80.0, 1002), (10, "2024-01-25T10:00", 20.0, 1003),
    (11, "2024-01-05T10:00", 25.0, 1101), (12, "2024-01-21T10:00", 33.0, 1201),
    (2, "2024-02-10T10:00", 99.0, 202),
]  # fmt: skip
IDS = np.array([r[0] for r in ROWS])
TS = np.array([r[1] for r in ROWS], dtype="datetime64[s]")
AMT = np.array([r[2] for r in ROWS])
ORDERS = np.array([r[3] for r in ROWS])
AS_OF = "2024-01-31"


def summary(**kw: Any) -> CustomerSummary:
    return customer_summary(IDS, TS, AMT, as_of=AS_OF, **kw)


# --------------------------------------------------------------------------- golden values


class TestHandChecked:
    def test_period_occasions_net(self) -> None:
        s = summary()
        assert s.customer_id.tolist() == list(range(1, 13))
        # customer 1: days 2 Jan (30 + 20), 10 Jan (40), 20 Jan (-10): 3 occasions, 80 net
        assert s.n_occasions[0] == 3
        assert s.monetary_total[0] == 80.0
        assert s.monetary_mean[0] == pytest.approx(80 / 3)
        assert (s.repeat_count[0], s.t_x[0], s.T[0]) == (2, 18.0, 29.0)
        assert s.mean_repeat_spend[0] == 15.0  # (40 - 10) / 2
        assert s.recency_days[0] == 11  # 31 - 20
        assert s.refund_total[0] == 10.0
        # customer 2: the 10 February order is after as_of
        assert (s.n_occasions[1], s.monetary_total[1], s.T[1], s.recency_days[1]) == (
            1,
            25.0,
            26,
            26,
        )
        assert np.isnan(s.mean_repeat_spend[1])
        # customer 9 bought at 23:00 on the as_of day: included (as_of is inclusive)
        assert (s.recency_days[8], s.T[8]) == (0, 0.0)
        # customer 4: 29 January twice (one day) -> 2 occasions
        assert (s.n_occasions[3], s.t_x[3], s.mean_repeat_spend[3]) == (2, 17.0, 75.0)
        q = s.quality
        assert (q.n_rows, q.n_rows_after_as_of, q.n_rows_used) == (21, 1, 20)
        assert (q.n_refund_rows, q.refund_total, q.n_nonpositive_occasions) == (1, 10.0, 1)
        assert (q.n_duplicate_rows, q.n_customers_after_as_of_only) == (0, 0)
        assert s.first_purchase[0] == np.datetime64("2024-01-02")
        assert s.last_purchase[0] == np.datetime64("2024-01-20")
        assert s.as_of == np.datetime64("2024-01-31")

    def test_order_occasions(self) -> None:
        s = summary(occasion="order", order_ids=ORDERS)
        # customer 1: orders 101 (2 Jan, 30), 102 (2 Jan, 20), 103 (10 Jan, 40 - 10 = 30)
        assert (s.n_occasions[0], s.monetary_total[0]) == (3, 80.0)
        assert (s.repeat_count[0], s.t_x[0]) == (2, 8.0)
        assert s.mean_repeat_spend[0] == 25.0  # first = order 101; (20 + 30) / 2
        assert s.recency_days[0] == 21  # the refund is not a purchase occasion
        assert s.quality.n_nonpositive_occasions == 0
        # customer 4: three orders, two on 29 January
        assert (s.n_occasions[3], s.t_x[3]) == (3, 17.0)

    def test_row_occasions(self) -> None:
        s = summary(occasion="row")
        assert s.n_occasions[0] == 4
        assert s.n_occasions[3] == 3

    def test_refunds_separate_and_exclude(self) -> None:
        for mode in ("separate", "exclude"):
            s = summary(refunds=mode)
            assert (s.n_occasions[0], s.monetary_total[0], s.t_x[0]) == (2, 90.0, 8.0)
            assert s.mean_repeat_spend[0] == 40.0
            assert s.recency_days[0] == 21
            assert s.refund_total[0] == 10.0
            assert s.quality.n_refund_rows_excluded == 1
            assert s.quality.n_nonpositive_occasions == 0

    def test_is_refund_flag(self) -> None:
        amounts = np.abs(AMT)
        flags = AMT < 0
        s = customer_summary(IDS, TS, amounts, as_of=AS_OF, is_refund=flags)
        np.testing.assert_array_equal(s.monetary_total, summary().monetary_total)

    def test_refund_only_customer(self) -> None:
        ts = np.array(["2024-01-02", "2024-01-05"], dtype="datetime64[D]")
        s = customer_summary([1, 2], ts, [10.0, -4.0], as_of=AS_OF, refunds="separate")
        assert s.customer_id.tolist() == [1]
        assert s.quality.n_customers_without_purchase == 1

    def test_weeks_months_hours(self) -> None:
        w = summary(period="W")
        # 2 Jan 2024 is a Tuesday: weeks of 1, 8 and 15 Jan (Monday first); as_of in week of 29 Jan
        assert (w.n_occasions[0], w.t_x[0], w.T[0]) == (3, 2.0, 4.0)
        m = summary(period="M")
        assert (m.n_occasions[0], m.t_x[0], m.T[0]) == (1, 0.0, 0.0)
        assert m.monetary_total[0] == 80.0
        h = summary(period="h")
        assert h.n_occasions[0] == 4
        # a date as_of means its last hour: customer 9's 23:00 order is in
        assert h.T[8] == 0.0
        assert h.recency_days[8] == 0

    def test_duplicates(self) -> None:
        ids = np.array([1, 1, 1, 2])
        ts = np.array(["2024-01-02"] * 3 + ["2024-01-02"], dtype="datetime64[D]")
        amt = np.array([10.0, 10.0, 10.0, 10.0])
        kept = customer_summary(ids, ts, amt, as_of=AS_OF, occasion="row")
        assert kept.quality.n_duplicate_rows == 2
        assert kept.n_occasions.tolist() == [3, 1]
        dropped = customer_summary(ids, ts, amt, as_of=AS_OF, occasion="row", duplicates="drop")
        assert dropped.n_occasions.tolist() == [1, 1]
        assert dropped.quality.n_duplicate_rows_dropped == 2
        distinct = customer_summary(ids, ts, amt, as_of=AS_OF, order_ids=[1, 2, 3, 4])
        assert distinct.quality.n_duplicate_rows == 0

    def test_empty_and_all_after_as_of(self) -> None:
        empty = customer_summary(
            np.array([], dtype=np.int64), np.array([], dtype="datetime64[s]"), [], as_of=AS_OF
        )
        assert len(empty) == 0
        assert len(rfm_scores(empty)) == 0
        late = customer_summary([1], np.array(["2024-02-01"], "datetime64[D]"), [5.0], as_of=AS_OF)
        assert len(late) == 0
        assert late.quality.n_customers_after_as_of_only == 1
        assert cohort_matrix(
            [1], np.array(["2024-02-01"], "datetime64[D]"), as_of=AS_OF
        ).values.shape == (0, 0)

    def test_quality_issues_text(self) -> None:
        lines = summary().quality.issues()
        assert "1 rows after as_of were excluded" in lines
        assert any("refund rows" in line for line in lines)

    def test_sample_shop(self) -> None:
        from ecomops.datasets import sample_shop

        lines = sample_shop(seed=0).order_lines
        s = customer_summary(
            lines.customer_id, lines.timestamp, lines.amount, as_of="2026-10-31",
            is_refund=lines.is_refund,
        )  # fmt: skip
        assert len(s) == np.unique(lines.customer_id).size
        assert s.quality.n_rows == len(lines)
        assert np.all(s.t_x <= s.T)
        assert np.all(s.repeat_count == s.n_occasions - 1)


class TestAnchors:
    def test_lifetimes(self) -> None:
        # lifetimes 0.11.3 (pandas 3.1.1): summary_data_from_transaction_data(df, "id", "ts",
        # "amt", observation_period_end="2024-01-31", freq="D") on ROWS (id, ts, amt)
        expected = {
            "frequency": [2.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 0.0, 0.0],
            "recency": [18.0, 0.0, 0.0, 17.0, 0.0, 0.0, 7.0, 0.0, 0.0, 23.0, 0.0, 0.0],
            "T": [29.0, 26.0, 26.0, 19.0, 28.0, 1.0, 16.0, 23.0, 0.0, 29.0, 26.0, 10.0],
            "monetary_value": [15.0, 0.0, 0.0, 75.0, 0.0, 0.0, 45.0, 0.0, 0.0, 50.0, 0.0, 0.0],
        }
        pd = pytest.importorskip("pandas")
        frame = summary().to_lifetimes()
        assert isinstance(frame, pd.DataFrame)
        assert frame.index.tolist() == list(range(1, 13))
        for col, values in expected.items():
            assert frame[col].tolist() == values, col

    def test_pymc_marketing(self) -> None:
        # pymc-marketing 0.19.2: clv.utils.rfm_segments(df, "id", "ts", "amt",
        # observation_period_end="2024-01-31") on ROWS
        codes = ["223", "211", "211", "413", "114", "411", "314", "211", "411", "324", "211", "313"]
        segs = ["At Risk Customer", "Inactive Customer", "Inactive Customer", "Top Spender",
                "Inactive Customer", "Inactive Customer", "Top Spender", "Inactive Customer",
                "Inactive Customer", "Top Spender", "Inactive Customer", "Top Spender"]  # fmt: skip
        s = summary()
        assert s.recency_days.tolist() == [11, 26, 26, 2, 28, 1, 9, 23, 0, 6, 26, 10]
        sc = rfm_scores(s, preset="pymc_marketing")
        assert sc.rfm_code.tolist() == codes
        assert sc.n_bins == (4, 2, 4)  # equal frequency quartiles merge, as qcut(duplicates="drop")
        assert sc.monetary_column == "mean"
        seg = segment_customers(sc, SegmentMap.preset("pymc_marketing"))
        assert seg.segment.tolist() == segs

    def rfm_package_summary(self) -> CustomerSummary:
        # the rfm package reads dates (no time of day), counts rows, drops duplicate rows and
        # measures recency from the latest date in the data
        day = TS.astype("datetime64[D]")
        keep = day <= np.datetime64(AS_OF)
        return customer_summary(
            IDS[keep], day[keep], AMT[keep], as_of=day[keep].max(), occasion="row",
            duplicates="drop",
        )  # fmt: skip

    def test_rfm_package(self) -> None:
        # rfm 1.0.9 (pandas 2.3.3): RFM(df, "id", "date", "amt").rfm_table, ROWS up to as_of
        # with dates floored to the day
        s = self.rfm_package_summary()
        assert s.n_occasions.tolist() == [4, 1, 1, 3, 1, 1, 2, 1, 1, 3, 1, 1]
        assert s.monetary_total.tolist() == [80.0, 25.0, 25.0, 87.5, 200.0, 8.0, 90.0, 25.0,
                                             5.0, 175.0, 25.0, 33.0]  # fmt: skip
        sc = rfm_scores(s, preset="rfm_package")
        assert sc.recency_score.tolist() == [3, 1, 1, 5, 1, 5, 4, 2, 5, 4, 2, 3]
        assert sc.frequency_score.tolist() == [5, 1, 2, 5, 2, 3, 4, 3, 4, 5, 1, 1]
        assert sc.monetary_score.tolist() == [4, 2, 2, 4, 5, 1, 5, 3, 1, 5, 1, 3]
        seg = segment_customers(sc, SegmentMap.preset("rfm_package"))
        assert seg.segment.tolist() == [
            "Loyal Accounts", "Lost", "Lost", "Champions", "At Risk", "Low Spenders",
            "Champions", "At Risk", "Low Spenders", "Champions", "About to Sleep",
            "About to Sleep",
        ]  # fmt: skip

    def test_rfm_package_tie_defect_not_reproduced_by_default(self) -> None:
        # customers 2, 3 and 11 are identical; the rfm package scores them 112, 122 and 211
        # (ranks broken by the ids as strings: "11" < "2" < "3"). With ties="equal" they match.
        s = self.rfm_package_summary()
        anchor = rfm_scores(s, preset="rfm_package").rfm_code[[1, 2, 10]].tolist()
        assert len(set(anchor)) == 3
        for method in ("quantile", "rank", "ntile"):
            codes = rfm_scores(s, method=method).rfm_code[[1, 2, 10]].tolist()
            assert len(set(codes)) == 1, method

    def test_rfm_package_string_amount_defect(self) -> None:
        # rfm 1.0.9 turns every amount into a string and strips '.0' + last digit: 10.05
        # becomes "10." = 10.0. ecomops keeps the float, and refuses strings outright.
        ts = np.array(["2024-01-02", "2024-01-03"], dtype="datetime64[D]")
        s = customer_summary([1, 1], ts, [10.05, 100.07], as_of=AS_OF)
        assert s.monetary_total[0] == pytest.approx(110.12)
        with pytest.raises(InvalidInputError, match="amounts must be numeric"):
            customer_summary([1, 1], ts, ["10.05", "100.07"], as_of=AS_OF)

    def test_no_mutation(self) -> None:
        # rfm 1.0.9 rewrites the caller's DataFrame columns as strings; ecomops reads only
        pd = pytest.importorskip("pandas")
        frame = pd.DataFrame({"id": IDS, "ts": TS, "amt": AMT})
        before = frame.copy(deep=True)
        ids, ts, amt = IDS.copy(), TS.copy(), AMT.copy()
        s = customer_summary(frame["id"], frame["ts"], frame["amt"], as_of=AS_OF)
        rfm_scores(s, preset="rfm_package")
        customer_summary(IDS, TS, AMT, as_of=AS_OF, refunds="separate", duplicates="drop")
        pd.testing.assert_frame_equal(frame, before)
        np.testing.assert_array_equal(IDS, ids)
        np.testing.assert_array_equal(TS, ts)
        np.testing.assert_array_equal(AMT, amt)
        assert not s.monetary_total.flags.writeable


class TestInputs:
    def test_pandas_polars_and_strings(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        ref = summary()
        from_pd = customer_summary(pd.Series(IDS), pd.Series(TS), pd.Series(AMT), as_of=AS_OF)
        from_pl = customer_summary(
            pl.Series(IDS), pl.Series(TS.astype("datetime64[ms]")), pl.Series(AMT), as_of=AS_OF
        )
        for other in (from_pd, from_pl):
            np.testing.assert_array_equal(other.monetary_total, ref.monetary_total)
            np.testing.assert_array_equal(other.t_x, ref.t_x)
        str_ids = np.array([f"c{i:02d}" for i in IDS])
        as_str = customer_summary(pd.Series(str_ids, dtype=object), TS, AMT, as_of=AS_OF)
        assert as_str.customer_id.tolist()[:2] == ["c01", "c02"]
        np.testing.assert_array_equal(as_str.n_occasions, ref.n_occasions)
        pl_str = customer_summary(pl.Series(str_ids), TS.tolist(), AMT.tolist(), as_of=AS_OF)
        np.testing.assert_array_equal(pl_str.n_occasions, ref.n_occasions)

    def test_timestamp_forms(self) -> None:
        pd = pytest.importorskip("pandas")
        ref = summary()
        iso = customer_summary(IDS, [str(t) for t in TS], AMT, as_of=dt.date(2024, 1, 31))
        np.testing.assert_array_equal(iso.t_x, ref.t_x)
        aware = pd.Series(TS).dt.tz_localize("Asia/Shanghai")
        local = customer_summary(IDS, aware, AMT, as_of=np.datetime64("2024-01-31"))
        np.testing.assert_array_equal(local.recency_days, ref.recency_days)
        objs = customer_summary(IDS, TS.astype(object), AMT, as_of=dt.datetime(2024, 1, 31, 12))
        np.testing.assert_array_equal(objs.n_occasions, ref.n_occasions)

    def test_large_sparse_integer_ids(self) -> None:
        ids = IDS * 10**12 + 7
        s = customer_summary(ids, TS, AMT, as_of=AS_OF)
        assert s.customer_id[0] == 10**12 + 7
        np.testing.assert_array_equal(s.n_occasions, summary().n_occasions)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"as_of": None}, "as_of is required"),
            ({"customer_ids": [1, None, 2]}, "customer_ids must not be missing; 1 value is missing, "
             "first at index 1"),
            ({"customer_ids": [1.0, np.nan, 2.0]}, "customer_ids must not be missing"),
            ({"customer_ids": np.array([1, "a", 2], dtype=object)}, "integers or strings"),
            ({"timestamps": np.array(["2024-01-01", "NaT", "2024-01-02"], dtype="datetime64[D]")},
             "timestamps must not be missing; 1 value is missing, first at index 1"),
            ({"timestamps": [1, 2, 3]}, "timestamps must be dates or datetimes; got numbers"),
            ({"amounts": [1.0, 2.0]}, "inputs must have the same length"),
            ({"amounts": np.array([1.0, "x", 2.0], dtype=object)}, "amounts must be numeric; "
             "first non-numeric value at index 1: 'x'"),
            ({"amounts": [1.0, np.nan, 2.0]}, "amounts must be finite; 1 value is not"),
            ({"occasion": "order"}, "occasion='order' needs order_ids"),
            ({"period": "day"}, "period must be one of"),
            ({"refunds": "drop"}, "refunds must be one of"),
            ({"is_refund": [1, 0, 1]}, "is_refund must be booleans"),
        ],
    )  # fmt: skip
    def test_bad_input(self, kwargs: dict[str, Any], match: str) -> None:
        base: dict[str, Any] = {
            "customer_ids": [1, 2, 3],
            "timestamps": np.array(["2024-01-01", "2024-01-02", "2024-01-03"], "datetime64[D]"),
            "amounts": [1.0, 2.0, 3.0],
            "as_of": "2024-01-31",
        }
        base.update(kwargs)
        with pytest.raises(InvalidInputError, match=match):
            customer_summary(
                base.pop("customer_ids"), base.pop("timestamps"), base.pop("amounts"), **base
            )


# --------------------------------------------------------------------------- merge


class TestMerge:
    def test_merge_errors(self) -> None:
        a = customer_summary(IDS[:4], TS[:4], AMT[:4], as_of=AS_OF)
        b = customer_summary(IDS[:6], TS[:6], AMT[:6], as_of=AS_OF)
        with pytest.raises(InvalidInputError, match="split by customer; 1 customers"):
            a.merge(b)
        c = customer_summary(IDS[4:6], TS[4:6], AMT[4:6], as_of="2024-01-30")
        with pytest.raises(InvalidInputError, match="must share as_of"):
            a.merge(c)


# --------------------------------------------------------------------------- oracle + properties

BASE_DAY = np.datetime64("2024-01-01", "D")


def oracle(
    ids: list[int], days: list[int], amts: list[float], orders: list[int], *,
    as_of: int, occasion: str, refunds: str,
) -> dict[int, tuple[int, float, int, float, float, float, int]]:  # fmt: skip
    """Per customer (n, total, x, t_x, T, mean_repeat, recency_days), a plain loop (period D)."""
    groups: dict[int, dict[Any, list[tuple[int, float, int]]]] = defaultdict(dict)
    for i, (c, d, a, o) in enumerate(zip(ids, days, amts, orders, strict=True)):
        if d > as_of or (refunds != "net" and a < 0):
            continue
        key = d if occasion == "period" else (o if occasion == "order" else i)
        groups[c].setdefault(key, []).append((d, a, o))
    out: dict[int, tuple[int, float, int, float, float, float, int]] = {}
    for c, occ in groups.items():
        items = sorted(
            ((min(r[0] for r in rows), k if occasion != "period" else 0, sum(r[1] for r in rows))
             for k, rows in occ.items()),
        )  # fmt: skip
        n = len(items)
        total = sum(v for _, _, v in items)
        first, last = items[0][0], max(t for t, _, _ in items)
        repeat = [v for _, _, v in items[1:]]
        mean_rep = sum(repeat) / len(repeat) if repeat else float("nan")
        out[c] = (n, total, n - 1, last - first, as_of - first, mean_rep, as_of - last)
    return out


@st.composite
def order_logs(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 30))
    ids = draw(st.lists(st.integers(0, 7), min_size=n, max_size=n))
    days = draw(st.lists(st.integers(0, 90), min_size=n, max_size=n))
    secs = draw(st.lists(st.integers(0, 86_399), min_size=n, max_size=n))
    quarters = draw(st.lists(st.integers(-40, 400), min_size=n, max_size=n))
    orders = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    ts = (BASE_DAY + np.array(days, dtype="timedelta64[D]")).astype("datetime64[s]") + np.array(
        secs, dtype="timedelta64[s]"
    )
    return {
        "ids": ids, "days": days, "ts": ts, "amts": [q * 0.25 for q in quarters],
        "orders": orders, "as_of": draw(st.integers(0, 100)),
    }  # fmt: skip


class TestProperties:
    @given(log=order_logs(), occasion=st.sampled_from(["period", "order", "row"]),
           refunds=st.sampled_from(["net", "separate", "exclude"]))  # fmt: skip
    def test_matches_loop_oracle(self, log: dict[str, Any], occasion: str, refunds: str) -> None:
        as_of = BASE_DAY + np.timedelta64(log["as_of"], "D")
        expected = oracle(
            log["ids"], log["days"], log["amts"], log["orders"], as_of=log["as_of"],
            occasion=occasion, refunds=refunds,
        )  # fmt: skip
        s = customer_summary(
            log["ids"], log["ts"], log["amts"], as_of=as_of, occasion=occasion,  # type: ignore[arg-type]
            order_ids=log["orders"], refunds=refunds,  # type: ignore[arg-type]
        )  # fmt: skip
        assert s.customer_id.tolist() == sorted(expected)
        for i, c in enumerate(s.customer_id.tolist()):
            n, total, x, t_x, T, mean_rep, rec = expected[c]
            assert (s.n_occasions[i], s.repeat_count[i]) == (n, x)
            assert (s.t_x[i], s.T[i], s.recency_days[i]) == (t_x, T, rec)
            assert s.monetary_total[i] == total
            np.testing.assert_equal(s.mean_repeat_spend[i], mean_rep)

    @given(log=order_logs(), k=st.integers(2, 4), occasion=st.sampled_from(["period", "order"]))
    def test_merge_of_chunks_equals_one_pass(
        self, log: dict[str, Any], k: int, occasion: str
    ) -> None:
        ids = np.array(log["ids"])
        kw: dict[str, Any] = {"as_of": BASE_DAY + np.timedelta64(log["as_of"], "D"),
                              "occasion": occasion, "order_ids": np.array(log["orders"])}  # fmt: skip
        whole = customer_summary(ids, log["ts"], log["amts"], **kw)
        parts = []
        for j in range(k):
            m = ids % k == j
            part_kw = {**kw, "order_ids": kw["order_ids"][m]}
            parts.append(
                customer_summary(ids[m], log["ts"][m], np.array(log["amts"])[m], **part_kw)
            )
        merged = parts[0].merge(*parts[1:])
        for name in whole.column_names:
            np.testing.assert_array_equal(getattr(merged, name), getattr(whole, name), name)
        assert merged.quality == whole.quality

    @given(log=order_logs(), seed=st.integers(0, 2**32 - 1),
           method=st.sampled_from(["quantile", "rank", "ntile"]), bins=st.integers(2, 6))  # fmt: skip
    def test_scores_invariant_to_row_order_and_renaming(
        self, log: dict[str, Any], seed: int, method: str, bins: int
    ) -> None:
        as_of = BASE_DAY + np.timedelta64(100, "D")
        ids = np.array(log["ids"])
        amts = np.array(log["amts"])
        base = rfm_scores(customer_summary(ids, log["ts"], amts, as_of=as_of), bins=bins,
                          method=method)  # type: ignore[arg-type]  # fmt: skip
        perm = np.random.default_rng(seed).permutation(ids.shape[0])
        renamed = np.array([f"k{(7 * i + 3) % 11}" for i in ids])  # a bijection on 0..7
        other = rfm_scores(
            customer_summary(renamed[perm], log["ts"][perm], amts[perm], as_of=as_of),
            bins=bins, method=method,  # type: ignore[arg-type]
        )  # fmt: skip
        mapping = dict(zip(other.customer_id.tolist(), other.rfm_code.tolist(), strict=True))
        for cid, code in zip(base.customer_id.tolist(), base.rfm_code.tolist(), strict=True):
            assert mapping[f"k{(7 * cid + 3) % 11}"] == code
        # equal values, equal scores
        key = np.stack([base.recency_days, base.frequency, base.monetary], axis=1)
        for i in range(len(base)):
            same = np.all(key == key[i], axis=1)
            assert len(set(base.rfm_code[same].tolist())) == 1

    @given(log=order_logs(), name=st.sampled_from(sorted(SegmentMap.PRESETS)))
    def test_every_customer_gets_one_segment(self, log: dict[str, Any], name: str) -> None:
        s = customer_summary(log["ids"], log["ts"], log["amts"], as_of="2024-04-30")
        smap = SegmentMap.preset(name)
        sc = (
            rfm_scores(s, bins=smap.bins)
            if name != "pymc_marketing"
            else rfm_scores(s, preset="pymc_marketing")
        )
        seg = segment_customers(sc, smap)
        assert len(seg) == len(s)
        assert set(seg.segment.tolist()) <= set(smap.segment_labels)
        table = segment_summary(seg, s)
        assert table.n_customers.sum() == len(s)

    @given(log=order_logs(), period=st.sampled_from(["D", "W", "M", "Q", "Y"]),
           metric=st.sampled_from(["customers", "orders", "revenue"]))  # fmt: skip
    def test_cohort_retention_at_offset_zero_is_one(
        self, log: dict[str, Any], period: str, metric: str
    ) -> None:
        cm = cohort_matrix(
            log["ids"], log["ts"], np.abs(log["amts"]) + 1.0, as_of="2024-03-31",
            period=period, metric=metric,  # type: ignore[arg-type]
        )  # fmt: skip
        if cm.values.size:
            assert np.all(cm.retention[:, 0][cm.values[:, 0] > 0] == 1.0)
            # unobservable cells are missing, never zero
            starts = cm.cohorts.astype("datetime64[D]")
            assert np.all(np.isnan(cm.values[starts > np.datetime64("2024-03-31")]))
        if metric == "customers" and cm.values.size:
            np.testing.assert_array_equal(cm.values[:, 0], cm.cohort_sizes)


# --------------------------------------------------------------------------- scores


class TestScores:
    def test_quantile_edges_and_skip(self) -> None:
        # frequency 1,1,1,1,2,3: quintile edges (type 7, rounded up as pandas.qcut does)
        # 1, 1, 1.0000000000000004, 2.0000000000000004: a customer buying twice is above 3 edges
        sc = rfm_scores_from_values([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 2, 3], [1, 2, 3, 4, 5, 6])
        assert sc.frequency_score.tolist() == [1, 1, 1, 1, 4, 5]
        # recency edges 2, 3, 4.0000000000000004, 5: closed on the right
        assert sc.recency_score.tolist() == [5, 5, 4, 3, 2, 1]
        np.testing.assert_allclose(sc.frequency_edges, [1.0, 1.0, 1.0, 2.0])

    def test_fixed_edges_reproduce(self) -> None:
        s = summary()
        for method in ("quantile", "rank", "ntile"):
            sc = rfm_scores(s, method=method)
            again = rfm_scores(s, method="fixed", edges=sc.edges)
            assert again.rfm_code.tolist() == sc.rfm_code.tolist(), method

    def test_fixed_edges_closed_right(self) -> None:
        edges = {"recency": [7, 30], "frequency": [1, 3], "monetary": [50, 100]}
        sc = rfm_scores_from_values([7, 8, 30, 31], [1, 2, 3, 4], [50, 50.01, 100, 101],
                                    bins=3, method="fixed", edges=edges)  # fmt: skip
        assert sc.rfm_code.tolist() == ["311", "222", "222", "133"]

    def test_ntile_sizes(self) -> None:
        # SQL NTILE(5) over 7 rows: buckets of 2, 2, 1, 1, 1
        sc = rfm_scores_from_values(np.zeros(7), np.arange(7.0), np.arange(7.0),
                                    method="ntile", ties="first")  # fmt: skip
        assert sc.frequency_score.tolist() == [1, 1, 2, 2, 3, 4, 5]
        # rank (qcut of ranks 1..7): edges 2.2, 3.4, 4.6, 5.8
        sc = rfm_scores_from_values(np.zeros(7), np.arange(7.0), np.arange(7.0),
                                    method="rank", ties="first")  # fmt: skip
        assert sc.frequency_score.tolist() == [1, 1, 2, 3, 4, 5, 5]

    def test_ties_equal_takes_least_favourable(self) -> None:
        sc = rfm_scores_from_values([1, 1, 1, 1, 9], [1, 1, 1, 1, 9], [1, 1, 1, 1, 9],
                                    method="rank")  # fmt: skip
        # four customers tied for the best recency take the least favourable position of
        # their block, 2nd of 5 (only one customer is strictly worse): score 2
        assert sc.recency_score.tolist() == [2, 2, 2, 2, 1]
        assert sc.frequency_score.tolist() == [1, 1, 1, 1, 5]

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"method": "fixed"}, "needs edges"),
            ({"edges": {"recency": [1], "frequency": [1], "monetary": [1]}}, "method='fixed' only"),
            ({"method": "fixed", "edges": {"recency": [3, 1, 2, 4], "frequency": [1, 2, 3, 4],
              "monetary": [1, 2, 3, 4]}},
             re.escape("edges['recency'] must be in ascending order; 1 value is not, first at "
                       "index 1: 1.0")),
            ({"method": "fixed", "edges": {"recency": [1, 2], "frequency": [1, 2, 3, 4],
              "monetary": [1, 2, 3, 4]}}, "bins - 1 = 4 inner edges"),
            ({"method": "fixed", "edges": {"recency": [1, 2, 3, 4]}}, "missing"),
            ({"ties": "first"}, "ties='first' applies"),
            ({"bins": 12}, "bins must be an integer from 2 to 9"),
            ({"preset": "rfm_package", "bins": 4}, "preset sets"),
            ({"method": "kmeans"}, "method must be one of"),
        ],
    )  # fmt: skip
    def test_bad_options(self, kwargs: dict[str, Any], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            rfm_scores(summary(), **kwargs)

    def test_scores_need_a_summary(self) -> None:
        with pytest.raises(InvalidInputError, match="rfm_scores_from_values"):
            rfm_scores({"recency_days": [1]})  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="same length"):
            rfm_scores_from_values([1, 2], [1], [1, 2])


# --------------------------------------------------------------------------- segment maps


def _rfm_package_chain(r: int, f: int, m: int) -> str | None:
    """rfm 1.0.9 RFM.find_segments, transcribed (None: the package's unmatched branch)."""
    if r in (4, 5) and f in (4, 5) and m in (4, 5):
        return "Champions"
    if r in (4, 5) and f in (1, 2) and m in (3, 4, 5):
        return "Promising"
    if r in (3, 4, 5) and f in (3, 4, 5) and m in (3, 4, 5):
        return "Loyal Accounts"
    if r in (3, 4, 5) and f in (2, 3) and m in (2, 3, 4):
        return "Potential Loyalist"
    if r == 5 and f == 1:
        return "New Active Accounts"
    if r in (3, 4, 5) and m in (1, 2):
        return "Low Spenders"
    if r in (2, 3) and f in (1, 2) and m in (4, 5):
        return "Need Attention"
    if r in (2, 3) and f in (1, 2) and m in (1, 2, 3):
        return "About to Sleep"
    if r in (1, 2) and m in (3, 4, 5):
        return "At Risk"
    if r in (1, 2) and m in (1, 2):
        return "Lost"
    return None


# The regex map of the common R x F tutorial, applied with DataFrame.replace(regex=True)
# to the "RF" code: the first pattern that matches replaces the code.
RF_REGEX = {
    r"[1-2][1-2]": "Hibernating", r"[1-2][3-4]": "At Risk", r"[1-2]5": "Can't Lose Them",
    r"3[1-2]": "About to Sleep", r"33": "Need Attention", r"[3-4][4-5]": "Loyal Customers",
    r"41": "Promising", r"51": "New Customers", r"[4-5][2-3]": "Potential Loyalists",
    r"5[4-5]": "Champions",
}  # fmt: skip


def _all_cells(bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    g = np.arange(1, bins + 1)
    r, f, m = np.meshgrid(g, g, g, indexing="ij")
    return r.ravel(), f.ravel(), m.ravel()


def _scores_for(r: np.ndarray, f: np.ndarray, m: np.ndarray, bins: int) -> Any:
    edges = {k: list(np.arange(1.5, bins)) for k in ("recency", "frequency", "monetary")}
    # recency scores reverse: a value of bins + 1 - r gets score r
    return rfm_scores_from_values(bins + 1 - r, f, m, bins=bins, method="fixed", edges=edges)


class TestSegmentMaps:
    def test_rfm_package_preset_is_the_if_chain(self) -> None:
        r, f, m = _all_cells(5)
        seg = segment_customers(_scores_for(r, f, m, 5), SegmentMap.preset("rfm_package"))
        expected = [_rfm_package_chain(a, b, c) for a, b, c in zip(r, f, m, strict=True)]
        assert None not in expected  # the chain covers every cell
        assert seg.segment.tolist() == expected

    def test_rf_10_preset_is_the_regex_map(self) -> None:
        r, f, m = _all_cells(5)
        seg = segment_customers(_scores_for(r, f, m, 5), SegmentMap.preset("rf_10"))
        for a, b, label in zip(r, f, seg.segment, strict=True):
            code = f"{a}{b}"
            first = next(v for k, v in RF_REGEX.items() if re.fullmatch(k, code))
            assert label == first

    def test_pymc_preset_is_the_config(self) -> None:
        from ecomops._segmentation.segments import PYMC_SEGMENT_CONFIG

        r, f, m = _all_cells(4)
        seg = segment_customers(_scores_for(r, f, m, 4), SegmentMap.preset("pymc_marketing"))
        for a, b, c, label in zip(r, f, m, seg.segment, strict=True):
            code = f"{a}{b}{c}"
            expected = "Other"
            for key, cells in PYMC_SEGMENT_CONFIG.items():  # later lists overwrite earlier ones
                if code in cells:
                    expected = key
            assert label == expected
        # pymc's "At Risk Customer" for a one-time buyer of 16 days ago in the example log:
        assert SegmentMap.preset("pymc_marketing").unreached_cells[:3] == ("121", "131", "141")

    def test_champions_11_dead_rules(self) -> None:
        smap = SegmentMap.preset("champions_11")
        dead = [smap.rules[i].label for i in smap.dead_rules]
        assert dead == ["Recent Customers", "Promising", "Can't Lose Them", "Lost"]
        assert smap.unreached_cells == ()
        assert "never matches" in smap.report()
        with pytest.warns(SegmentMapWarning, match="can never match"):
            SegmentMap.model_validate(smap.model_dump())

    def test_gap_warning_lists_cells(self) -> None:
        with pytest.warns(
            SegmentMapWarning, match=r"leaves 9 score cells unassigned .*: 111, 112, "
        ):
            smap = SegmentMap(bins=3, rules=(SegmentRule(label="Recent", recency_score=(2, 3)),))
        seg = segment_customers(_scores_for(*_all_cells(3), 3), smap)
        assert set(seg.segment.tolist()) == {"Recent", "Unassigned"}
        assert (seg.rule == -1).sum() == 9
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            SegmentMap(bins=3, default="Other",
                       rules=(SegmentRule(label="Recent", recency_score=(2, 3)),))  # fmt: skip

    def test_unknown_label_and_bad_rules(self) -> None:
        with pytest.raises(ValueError, match="not in labels"):
            SegmentMap(bins=3, default="Other", labels=("A",),
                       rules=(SegmentRule(label="B", recency_score=(1, 3)),))  # fmt: skip
        with pytest.raises(ValueError, match="low <= high"):
            SegmentRule(label="x", recency_score=(3, 1))
        with pytest.raises(ValueError, match="either cells or score ranges"):
            SegmentRule(label="x", recency_score=(1, 3), cells=("111",))
        with pytest.raises(ValueError, match="3-digit"):
            SegmentRule(label="x", cells=("11",))
        with pytest.raises(ValueError, match="extra"):
            SegmentRule(label="x", rcency=(1, 2))  # type: ignore[call-arg]

    def test_overlaps_and_first_match(self) -> None:
        rules = (
            SegmentRule(label="A", recency_score=(2, 2)),
            SegmentRule(label="B", frequency_score=(2, 2)),
        )
        smap = SegmentMap(bins=2, default="rest", rules=rules)
        assert smap.overlaps == ((0, 1, 2),)
        seg = segment_customers(_scores_for(*_all_cells(2), 2), smap)
        assert seg.segment.tolist() == ["rest", "rest", "B", "B", "A", "A", "A", "A"]

    def test_scale_mismatch(self) -> None:
        sc = rfm_scores(summary(), bins=4)
        with pytest.raises(InvalidInputError, match="1-4 scale"):
            segment_customers(sc, SegmentMap.preset("rf_10"))

    def test_json_round_trip(self) -> None:
        smap = SegmentMap.preset("rfm_package")
        again = SegmentMap.model_validate_json(smap.model_dump_json())
        np.testing.assert_array_equal(again.lookup, smap.lookup)
        with pytest.raises(ValueError, match="frozen"):
            smap.bins = 4  # type: ignore[misc]


class TestSummariesOfSegments:
    def test_segment_summary_golden(self) -> None:
        s = summary()
        seg = segment_customers(rfm_scores(s, preset="pymc_marketing"),
                                SegmentMap.preset("pymc_marketing"))  # fmt: skip
        t = segment_summary(seg, s)
        assert t.segment.tolist() == ["Premium Customer", "Repeat Customer", "Top Spender",
                                      "At Risk Customer", "Inactive Customer", "Other"]  # fmt: skip
        # Top Spender: customers 4, 7, 10, 12 spend 87.5 + 90 + 175 + 33 over 2 + 2 + 3 + 1
        i = 2
        assert t.n_customers[i] == 4
        assert t.revenue[i] == 385.5
        assert t.average_order_value[i] == 385.5 / 8
        assert t.revenue_share[i] == pytest.approx(385.5 / s.monetary_total.sum())
        assert np.isnan(t.average_order_value[0])  # an empty segment
        assert t.customer_share.sum() == pytest.approx(1.0)

    def test_migration(self) -> None:
        early = customer_summary(IDS, TS, AMT, as_of="2024-01-15")
        late = summary()
        smap = SegmentMap.preset("rf_10")
        a = segment_customers(rfm_scores(early), smap)
        b = segment_customers(rfm_scores(late), smap)
        mig = segment_migration(a, b)
        assert mig.customer_id.tolist() == list(range(1, 13))
        assert mig.counts.sum() == 12
        new = set(late.customer_id.tolist()) - set(early.customer_id.tolist())
        assert new == {6, 9, 12}  # first purchases after 15 January
        assert mig.customer_id[mig.segment_before == "(absent)"].tolist() == [6, 9, 12]
        assert mig.counts[mig.from_labels.index("(absent)")].sum() == 3
        assert mig.moved[mig.segment_before == "(absent)"].all()
        moved_to = mig.segment_after[mig.customer_id == 9][0]
        assert mig.count("(absent)", moved_to) >= 1
        with pytest.raises(InvalidInputError, match="same customers"):
            segment_summary(a, late)
        with pytest.raises(InvalidInputError, match="before must be one of"):
            mig.count("Nope", "Champions")


# --------------------------------------------------------------------------- cohorts


class TestCohorts:
    def test_golden(self) -> None:
        # cohorts by month of first purchase, as_of 15 March: January {1, 5, 10, 2, 3, 11, 8},
        # customer 4 (12 Jan), 7 (15 Jan), 12 (21 Jan), 6 (30 Jan), 9 (31 Jan): all January
        ts = np.array(["2024-01-03", "2024-01-20", "2024-02-03", "2024-03-05", "2024-02-10",
                       "2024-03-01", "2024-03-20"], dtype="datetime64[D]")  # fmt: skip
        ids = [1, 2, 1, 1, 3, 3, 4]
        cm = cohort_matrix(ids, ts, [10.0, 20, 5, 7, 30, 1, 50], as_of="2024-03-15",
                           metric="revenue")  # fmt: skip
        assert cm.cohort_sizes.tolist() == [2, 1]  # customer 4 buys after as_of
        np.testing.assert_array_equal(cm.values, [[30.0, 5.0, 7.0], [30.0, 1.0, np.nan]])
        assert cm.is_partial.tolist() == [[False, False, True], [False, True, False]]
        masked = cohort_matrix(ids, ts, as_of="2024-03-15", partial="mask")
        np.testing.assert_array_equal(masked.values, [[2.0, 1.0, np.nan], [1.0, np.nan, np.nan]])
        orders = cohort_matrix(ids, ts, as_of="2024-03-31", metric="orders",
                               order_ids=[1, 2, 3, 4, 5, 6, 7])  # fmt: skip
        # customer 4 (20 March) is a March cohort at as_of 31 March
        np.testing.assert_array_equal(
            orders.values, [[2.0, 1.0, 1.0], [1.0, 1.0, np.nan], [1.0, np.nan, np.nan]]
        )
        frame = orders.to_pandas(matrix="values")
        assert frame.shape == (3, 3)

    def test_bad_input(self) -> None:
        ts = np.array(["2024-01-03"], dtype="datetime64[D]")
        with pytest.raises(InvalidInputError, match="as_of is required"):
            cohort_matrix([1], ts)
        with pytest.raises(InvalidInputError, match="needs amounts"):
            cohort_matrix([1], ts, as_of="2024-02-01", metric="revenue")
        with pytest.raises(InvalidInputError, match="same length"):
            cohort_matrix([1, 2], ts, as_of="2024-02-01")
        with pytest.raises(InvalidInputError, match="period must be one of"):
            cohort_matrix([1], ts, as_of="2024-02-01", period="month")  # type: ignore[arg-type]

    @settings(max_examples=30)
    @given(log=order_logs())
    def test_customers_metric_loop(self, log: dict[str, Any]) -> None:
        cm = cohort_matrix(log["ids"], log["ts"], as_of="2024-04-30", period="W")
        first: dict[int, int] = {}
        active: set[tuple[int, int]] = set()
        weeks = [(d + 3 + int((BASE_DAY - np.datetime64("1970-01-01")).astype(int))) // 7
                 for d in log["days"]]  # fmt: skip
        for c, w in sorted(zip(log["ids"], weeks, strict=True), key=lambda t: t[1]):
            first.setdefault(c, w)
            active.add((c, w))
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for c, w in active:
            counts[(first[c], w - first[c])] += 1
        c0 = min(first.values())
        for (cohort, off), v in counts.items():
            assert cm.values[cohort - c0, off] == v
