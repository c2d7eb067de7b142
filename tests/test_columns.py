"""The one column reader: ids, timestamps (one time-zone rule), missing values.

Every container (numpy, lists of Python datetimes, ISO strings with offsets,
pandas and polars, naive or aware) must give the same customers and the same
funnel counts: an aware column is read as wall-clock time in its own zone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import numpy as np
import pytest

from ecomops._core.columns import as_datetime64, as_datetimes, as_ids, factorize_ids
from ecomops.exceptions import InvalidInputError
from ecomops.funnel import FunnelSpec, compute_funnel
from ecomops.segmentation import cohort_matrix, customer_summary

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PLUS_8 = dt.timezone(dt.timedelta(hours=8))

# wall-clock times in Shanghai; read in UTC, the 00:10 and 00:20 rows would fall on
# the previous day (16:10 UTC), so the zone rule decides the days and months
WALL = np.array(
    ["2024-01-31T23:30", "2024-02-01T00:10", "2024-02-01T00:20", "2024-01-15T23:30",
     "2024-02-29T23:59", "2024-03-01T08:00"],
    dtype="datetime64[s]",
)  # fmt: skip
IDS = np.array([1, 1, 1, 2, 2, 3])
AMOUNTS = np.array([10.0, 5.0, 7.0, 20.0, 3.0, 8.0])
EVENTS = np.array(["view", "cart", "pay", "view", "cart", "view"])
SPEC = FunnelSpec(("view", "cart", "pay"), window=dt.timedelta(hours=1))


def _python(zone: dt.tzinfo | None) -> list[dt.datetime]:
    return [t.astype(dt.datetime).replace(tzinfo=zone) for t in WALL]


def _containers() -> dict[str, Any]:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    naive = pd.Series(WALL)
    return {
        "numpy": WALL,
        "numpy ns": WALL.astype("datetime64[ns]"),
        "python naive": _python(None),
        "python aware": _python(SHANGHAI),
        "python fixed offset": _python(PLUS_8),
        "strings": [str(t) for t in WALL],
        "strings with offset": [f"{t}+08:00" for t in WALL],
        "pandas naive": naive,
        "pandas aware": naive.dt.tz_localize("Asia/Shanghai"),
        "pandas index aware": pd.DatetimeIndex(WALL).tz_localize("Asia/Shanghai"),
        "pandas object aware": pd.Series(_python(SHANGHAI), dtype=object),
        "polars naive": pl.Series(WALL.astype("datetime64[us]")),
        "polars aware": pl.Series(WALL.astype("datetime64[us]")).dt.replace_time_zone(
            "Asia/Shanghai"
        ),
    }


@pytest.fixture(scope="module")
def containers() -> dict[str, Any]:
    return _containers()


class TestOneRuleForEveryContainer:
    def test_timestamps_read_as_wall_clock(self, containers: dict[str, Any]) -> None:
        for label, values in containers.items():
            times, zone = as_datetimes(values, "timestamps")
            np.testing.assert_array_equal(times, WALL, err_msg=label)
            naive = "naive" in label or label in ("numpy", "numpy ns", "strings")
            assert (zone is None) == naive, label

    def test_same_customers(self, containers: dict[str, Any]) -> None:
        ref = customer_summary(IDS, WALL, AMOUNTS, as_of="2024-02-29", period="M")
        assert ref.n_occasions.tolist() == [2, 2]  # January, then February (wall clock)
        for label, values in containers.items():
            got = customer_summary(IDS, values, AMOUNTS, as_of="2024-02-29", period="M")
            for name in ("n_occasions", "recency_days", "t_x", "T", "monetary_total"):
                np.testing.assert_array_equal(
                    getattr(got, name), getattr(ref, name), err_msg=f"{label}: {name}"
                )

    def test_same_cohorts(self, containers: dict[str, Any]) -> None:
        ref = cohort_matrix(IDS, WALL, as_of="2024-03-31")
        for label, values in containers.items():
            got = cohort_matrix(IDS, values, as_of="2024-03-31")
            np.testing.assert_array_equal(got.values, ref.values, err_msg=label)

    def test_same_funnel_counts(self, containers: dict[str, Any]) -> None:
        ref = compute_funnel(IDS, WALL, EVENTS, SPEC)
        assert ref.step_counts.tolist() == [3, 1, 1]  # 23:30 -> 00:10 -> 00:20 in one hour
        for label, values in containers.items():
            got = compute_funnel(IDS, values, EVENTS, SPEC)
            np.testing.assert_array_equal(got.step_counts, ref.step_counts, err_msg=label)
            np.testing.assert_array_equal(got.per_unit.entered_at, ref.per_unit.entered_at, label)


class TestAsOf:
    def test_aware_as_of_is_converted_into_the_column_zone(
        self, containers: dict[str, Any]
    ) -> None:
        # 2024-02-29T16:00 UTC is 2024-03-01T00:00 in Shanghai: March 1 is inside
        as_of = dt.datetime(2024, 2, 29, 16, tzinfo=dt.UTC)
        aware = containers["pandas aware"]
        got = customer_summary(IDS, aware, AMOUNTS, as_of=as_of, period="D")
        assert got.as_of == np.datetime64("2024-03-01")
        assert got.quality.n_rows_after_as_of == 0
        assert as_datetime64(as_of, "as_of", SHANGHAI) == np.datetime64("2024-03-01T00:00")
        assert as_datetime64("2024-02-29T16:00Z", "as_of", SHANGHAI) == np.datetime64(
            "2024-03-01T00:00"
        )
        funnel = compute_funnel(IDS, aware, EVENTS, SPEC, as_of=as_of)
        assert funnel.as_of == np.datetime64("2024-03-01T00:00")

    def test_naive_as_of_is_wall_clock_in_the_column_zone(self, containers: dict[str, Any]) -> None:
        for label in ("pandas aware", "polars aware", "python aware", "strings with offset"):
            got = customer_summary(IDS, containers[label], AMOUNTS, as_of="2024-02-29")
            assert got.quality.n_rows_after_as_of == 1, label  # only the March row

    def test_aware_as_of_against_a_naive_column_is_its_own_wall_clock(self) -> None:
        as_of = dt.datetime(2024, 2, 29, 23, 59, tzinfo=SHANGHAI)
        assert as_datetime64(as_of, "as_of") == np.datetime64("2024-02-29T23:59")


class TestRefused:
    def test_mixed_zones(self) -> None:
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
        mixed = [dt.datetime(2024, 1, 1, tzinfo=SHANGHAI), dt.datetime(2024, 1, 2, tzinfo=berlin)]
        with pytest.raises(InvalidInputError, match="timestamps must not mix time zones"):
            customer_summary([1, 2], mixed, [1.0, 2.0], as_of="2024-01-31")
        with pytest.raises(InvalidInputError, match="timestamps must not mix time zones"):
            compute_funnel([1, 2], ["2024-01-01T10:00+08:00", "2024-01-01T10:00+01:00"],
                           ["view", "view"], SPEC)  # fmt: skip

    def test_aware_with_naive(self) -> None:
        values = [dt.datetime(2024, 1, 1, tzinfo=SHANGHAI), dt.datetime(2024, 1, 2)]
        with pytest.raises(InvalidInputError, match="timestamps must not mix time-zone aware"):
            customer_summary([1, 2], values, [1.0, 2.0], as_of="2024-01-31")
        with pytest.raises(InvalidInputError, match="timestamps must not mix time-zone aware"):
            as_datetimes(["2024-01-01T10:00+08:00", "2024-01-01T10:00"], "timestamps")

    def test_timedeltas_are_not_timestamps(self) -> None:
        with pytest.raises(
            InvalidInputError, match="timestamps must be dates or datetimes; got time"
        ):
            as_datetimes(np.array([1, 2], dtype="timedelta64[s]"), "timestamps")

    @pytest.mark.parametrize(
        "values",
        [
            [dt.datetime(2024, 1, 1), None, dt.datetime(2024, 1, 2)],
            np.array(["2024-01-01", "NaT", "2024-01-02"], dtype="datetime64[s]"),
            ["2024-01-01", None, "2024-01-02"],
        ],
    )
    def test_missing_timestamps(self, values: Any) -> None:
        with pytest.raises(InvalidInputError, match="timestamps must not be missing; 1 value is "
                           "missing, first at index 1"):  # fmt: skip
            as_datetimes(values, "timestamps")

    def test_missing_timestamps_in_frames(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        for values in (
            pd.Series([pd.Timestamp("2024-01-01"), pd.NaT], dtype="datetime64[ns]"),
            pd.Series([pd.Timestamp("2024-01-01", tz="Asia/Shanghai"), pd.NaT]),
            pl.Series([dt.datetime(2024, 1, 1), None]),
        ):
            with pytest.raises(InvalidInputError, match="first at index 1"):
                customer_summary([1, 2], values, [1.0, 2.0], as_of="2024-01-31")

    @pytest.mark.parametrize(
        "ids",
        [
            ["a", float("nan"), "b"],
            ["a", None, "b"],
            np.array([1.0, np.nan, 2.0]),
            np.array(["a", None, "b"], dtype=object),
        ],
    )
    def test_missing_ids(self, ids: Any) -> None:
        with pytest.raises(InvalidInputError, match="customer_ids must not be missing; 1 value "
                           "is missing, first at index 1"):  # fmt: skip
            factorize_ids(ids, "customer_ids")
        with pytest.raises(InvalidInputError, match="unit_ids must not be missing"):
            as_ids(ids, "unit_ids")

    def test_missing_ids_in_frames(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        for ids in (
            pd.Series(["a", pd.NA, "b"], dtype="string"),
            pd.Series([1, None, 2], dtype="Int64"),
            pd.Series(["a", None, "b"]),
            pl.Series(["a", None, "b"]),
            pl.Series([1, None, 2]),
        ):
            with pytest.raises(InvalidInputError, match="first at index 1"):
                customer_summary(ids, WALL[:3], AMOUNTS[:3], as_of="2024-03-31")
            with pytest.raises(InvalidInputError, match="unit_ids must not be missing"):
                compute_funnel(ids, WALL[:3], EVENTS[:3], SPEC)

    def test_a_nan_id_is_not_a_customer_named_nan(self) -> None:
        _, uniques = factorize_ids(["a", "nan", "b"], "customer_ids")  # a real id "nan"
        assert uniques.tolist() == ["a", "b", "nan"]
        with pytest.raises(InvalidInputError, match="must not be missing"):
            customer_summary(["a", np.nan], WALL[:2], AMOUNTS[:2], as_of="2024-03-31")
