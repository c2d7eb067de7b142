"""One reader for the columns of a log: ids, timestamps, missing values (private).

Every module that reads an event or order log (funnels, segmentation) reads
its columns here, so a column means the same thing everywhere, whatever the
container: numpy arrays, lists and tuples, pandas and polars columns.

Time zones, one rule for every container:

* A time-zone aware column (pandas or polars with a zone, aware
  `datetime.datetime` objects, ISO 8601 strings with an offset) is read
  as wall-clock time in its own zone: the calendar days, weeks and months are
  the ones the caller's frame shows (as pandas' ``to_period`` and lifetimes
  count them).
* A column mixing zones, or aware with naive values, is refused.
* An aware ``as_of`` is converted into the column's zone; a naive ``as_of``
  against an aware column is read as wall-clock time in that zone (and an aware
  ``as_of`` against a naive column as its own wall-clock time).

Missing ids and timestamps (None, NaN, NaT, pandas NA, polars null) are
refused with the parameter's name and the first index; timedelta columns are
not timestamps.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.typing import BoolArray, IntArray
from ecomops._core.validation import raise_at
from ecomops.exceptions import InvalidInputError

__all__ = [
    "as_datetime64",
    "as_datetime_ticks",
    "as_datetimes",
    "as_ids",
    "as_seconds",
    "coarsen_ticks",
    "column",
    "factorize_ids",
    "is_missing",
    "missing_mask",
    "ns_per_tick",
    "refuse_missing",
    "scalar_ticks",
    "timedelta_ticks",
]

AnyArray: TypeAlias = npt.NDArray[Any]
#: The zone of an aware column (a ``tzinfo``), or None for wall-clock columns.
Zone: TypeAlias = Any

NS_PER_UNIT = {
    "W": 7 * 86_400 * 10**9,
    "D": 86_400 * 10**9,
    "h": 3_600 * 10**9,
    "m": 60 * 10**9,
    "s": 10**9,
    "ms": 10**6,
    "us": 10**3,
    "ns": 1,
}


# ---------------------------------------------------------------------------
# Columns and missing values
# ---------------------------------------------------------------------------


def column(values: Any, name: str) -> AnyArray:
    """A 1-D numpy view of a numpy array, list, tuple, pandas or polars column."""
    if values is None:
        raise InvalidInputError(f"{name} is required; got None")
    if isinstance(values, str | bytes):
        raise InvalidInputError(f"{name} must be a column (array-like); got the string {values!r}")
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"{name} must be a regular 1-D column: {exc}") from None
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-dimensional; got shape {arr.shape}")
    return arr


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas NA."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return bool(value != value)
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return type(value).__name__ in ("NAType", "NaTType")


def missing_mask(arr: AnyArray) -> BoolArray:
    """True where a column is missing: NaN, NaT, and None or pandas NA in object columns."""
    kind = arr.dtype.kind
    if kind in "fc":
        return np.isnan(arr)
    if kind in "mM":
        return np.isnat(arr)
    if kind == "O" and arr.size:
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is optional
            return np.fromiter((is_missing(v) for v in arr.tolist()), dtype=bool, count=arr.size)
        return np.asarray(pd.isna(arr), dtype=bool)
    return np.zeros(arr.shape, dtype=bool)


def refuse_missing(arr: AnyArray, name: str) -> None:
    """Raise naming ``name``, the count and the first index if ``arr`` has missing values."""
    missing = missing_mask(arr)
    count = int(np.count_nonzero(missing))
    if count:
        noun = "value is" if count == 1 else "values are"
        raise InvalidInputError(
            f"{name} must not be missing; {count} {noun} missing, "
            f"first at index {int(np.argmax(missing))}"
        )


# ---------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------


def _id_column(values: Any, name: str) -> AnyArray:
    if isinstance(values, list | tuple):  # keep Python types: numpy would turn 1 into "1"
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        return column(arr, name)
    return column(values, name)


def _typed_objects(arr: AnyArray, name: str) -> AnyArray:
    """An object column of ids as str or int64 where it is all one of them."""
    if arr.size == 0:
        return arr.astype(np.int64)
    types = set(map(type, arr.tolist()))
    if all(issubclass(tp, str) for tp in types):
        return arr.astype(str)
    if all(issubclass(tp, int | np.integer) and not issubclass(tp, bool) for tp in types):
        try:
            return arr.astype(np.int64)
        except OverflowError:
            return arr
    if len(types) > 1 and not all(
        issubclass(tp, int | float | np.integer | np.floating) for tp in types
    ):
        names = ", ".join(sorted(tp.__name__ for tp in types))
        raise InvalidInputError(
            f"{name} must not mix id types (integers or strings, not both); got {names}"
        )
    return arr


def as_ids(values: Any, name: str) -> AnyArray:
    """A 1-D column of ids (ints, strings or other sortable values); missing ids are refused.

    Whole floats (pandas reads integer columns with gaps as float) become
    int64, object columns of one type become int64 or str; a list keeps its
    Python types, so a NaN in a list of strings is a missing id, not ``"nan"``.
    """
    arr = _id_column(values, name)
    refuse_missing(arr, name)
    kind = arr.dtype.kind
    if kind == "f":
        if arr.size and np.all(arr == np.floor(arr)) and np.abs(arr).max() < 2.0**53:
            return arr.astype(np.int64)
        return arr
    if kind == "O":
        return _typed_objects(arr, name)
    return arr


def factorize_ids(values: Any, name: str) -> tuple[IntArray, AnyArray]:
    """Codes ``0..k-1`` and the sorted unique ids of a column of integer or string ids.

    Integer ids in a compact range are factorised in linear time; strings are
    hashed with pandas when it is installed, sorted with numpy otherwise.
    """
    arr = as_ids(values, name)
    kind = arr.dtype.kind
    if kind == "f":
        raise_at(name, "be whole numbers (integer ids)", arr != np.floor(arr), arr)
        arr, kind = arr.astype(np.int64), "i"
    if kind in "iu":
        return _factorize_int(arr.astype(np.int64, copy=False))
    if kind in "US":
        return _factorize_str(arr.astype(str, copy=False))
    shown = "booleans" if kind == "b" else f"dtype {arr.dtype}"
    if kind == "O":
        shown = ", ".join(sorted({type(v).__name__ for v in arr.tolist()}))
    raise InvalidInputError(f"{name} must be integers or strings; got {shown}")


def _factorize_int(arr: IntArray) -> tuple[IntArray, IntArray]:
    n = arr.shape[0]
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo, hi = int(arr.min()), int(arr.max())
    span = hi - lo + 1
    if span <= 2 * n + (1 << 20):
        present = np.zeros(span, dtype=bool)
        shifted = arr - lo
        present[shifted] = True
        lut = np.cumsum(present, dtype=np.int64) - 1
        return lut[shifted], (np.flatnonzero(present) + lo).astype(np.int64)
    uniques, codes = np.unique(arr, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), uniques.astype(np.int64)


def _factorize_str(arr: AnyArray) -> tuple[IntArray, AnyArray]:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is optional
        uniques, codes = np.unique(arr, return_inverse=True)
        return codes.reshape(-1).astype(np.int64), uniques
    codes, uniques = pd.factorize(arr, sort=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=str)


# ---------------------------------------------------------------------------
# Timestamps
# ---------------------------------------------------------------------------


def _zone_key(zone: Any) -> Any:
    """What makes two tzinfo objects the same zone (pytz gives one object per offset)."""
    return getattr(zone, "key", None) or getattr(zone, "zone", None) or zone


def _strip_frame_zone(values: Any) -> tuple[Any, Zone]:
    """A pandas or polars column's wall-clock times without its zone, and the zone."""
    dtype = getattr(values, "dtype", None)
    tz = getattr(dtype, "tz", None)  # pandas
    if tz is not None:
        local = values.dt.tz_localize(None) if hasattr(values, "dt") else values.tz_localize(None)
        return local, tz
    tz_name = getattr(dtype, "time_zone", None)  # polars
    if tz_name is not None:
        import zoneinfo

        return values.dt.replace_time_zone(None), zoneinfo.ZoneInfo(tz_name)
    return values, None


def _parse_one(value: Any) -> tuple[np.datetime64, Zone] | None:
    """One element of an object column as (wall-clock datetime64[us], zone), or None."""
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, _dt.datetime):
        zone = value.tzinfo if value.utcoffset() is not None else None
        return np.datetime64(value.replace(tzinfo=None), "us"), zone
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[us]"), None
    if isinstance(value, _dt.date):
        return np.datetime64(value, "us"), None
    return None


def _parse_objects(arr: AnyArray, name: str) -> tuple[AnyArray, Zone]:
    """Datetimes, dates and ISO strings one by one, checking that they share one zone."""
    out = np.empty(arr.shape[0], dtype="datetime64[us]")
    zone: Zone = None
    aware = naive = 0
    for i, value in enumerate(arr.tolist()):
        parsed = _parse_one(value)
        if parsed is None:
            raise InvalidInputError(
                f"{name} must be dates or datetimes; first other value at index {i}: {value!r}"
            )
        out[i], tz = parsed
        if tz is None:
            naive += 1
        elif not aware:
            zone, aware = tz, 1
        elif _zone_key(tz) != _zone_key(zone):
            raise InvalidInputError(
                f"{name} must not mix time zones; index 0 is in {zone}, index {i} in {tz}"
            )
        if aware and naive:
            raise InvalidInputError(
                f"{name} must not mix time-zone aware and naive values (index {i})"
            )
    return out, zone


def _strings_or_objects(arr: AnyArray, name: str) -> tuple[AnyArray, Zone]:
    """Read an object or string column; numpy's parser when no value carries a zone."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fast = arr.astype("datetime64")
        except (TypeError, ValueError, OverflowError):
            fast = None
    if fast is not None and not caught and fast.dtype.kind == "M":
        return fast, None
    return _parse_objects(arr, name)  # zone offsets, or values numpy cannot read


def check_resolution(dtype: np.dtype[Any], name: str) -> None:
    """Refuse datetime64 resolutions coarser than weeks or finer than nanoseconds."""
    unit, _ = np.datetime_data(dtype)
    if unit not in NS_PER_UNIT:
        raise InvalidInputError(
            f"{name} must have a resolution from weeks to nanoseconds; got datetime64[{unit}]"
        )


def as_datetimes(values: Any, name: str) -> tuple[AnyArray, Zone]:
    """Timestamps as a datetime64 column of wall-clock time, and the column's zone.

    Accepts datetime64 arrays (weeks to nanoseconds), pandas and polars
    datetime or date columns, and sequences of ``datetime``/``date`` objects or
    ISO 8601 strings. The zone is None for naive columns. Missing values,
    numbers and time differences are refused.
    """
    values, zone = _strip_frame_zone(values)
    arr = column(values, name)
    kind = arr.dtype.kind
    if kind in "biufc":
        raise InvalidInputError(
            f"{name} must be dates or datetimes; got numbers (dtype {arr.dtype}: epoch "
            "seconds? convert with np.asarray(x, dtype='datetime64[s]'))"
        )
    if kind == "m":
        raise InvalidInputError(
            f"{name} must be dates or datetimes; got time differences (dtype {arr.dtype})"
        )
    if kind in "OUS":
        refuse_missing(arr, name)
        arr, zone = _strings_or_objects(arr, name)
    check_resolution(arr.dtype, name)
    refuse_missing(arr, name)
    return arr, zone


def as_seconds(values: Any, name: str) -> tuple[IntArray, Zone]:
    """Timestamps as int64 wall-clock seconds since 1970-01-01 (floored), and the zone."""
    times, zone = as_datetimes(values, name)
    seconds: IntArray = times.astype("datetime64[s]").view(np.int64)
    return seconds, zone


def as_datetime_ticks(values: Any, name: str) -> tuple[IntArray, np.dtype[Any], Zone]:
    """Timestamps as int64 ticks of their datetime64 resolution, the dtype and the zone."""
    times, zone = as_datetimes(values, name)
    return times.view(np.int64), times.dtype, zone


def as_datetime64(value: Any, name: str, zone: Zone = None) -> np.datetime64:
    """One instant as a wall-clock numpy datetime64, in ``zone`` when it is aware.

    Accepts ``datetime``/``date`` objects, pandas Timestamps, numpy datetime64
    and ISO 8601 strings; months and years become their first day.
    """
    if value is None:
        raise InvalidInputError(
            f"{name} is required: pass the date the data is observed at, e.g. "
            f"{name}='2026-10-31' (results must not depend on the day they are run)"
        )
    if is_missing(value):  # pd.NaT is a datetime whose utcoffset() raises
        raise InvalidInputError(f"{name} must not be NaT or missing; got {value!r}")
    if isinstance(value, str) and ("+" in value or value.endswith("Z") or value.count("-") > 2):
        try:
            parsed = _dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            value = parsed
    if isinstance(value, _dt.datetime) and value.utcoffset() is not None:
        if zone is not None:
            value = value.astimezone(zone)
        value = value.replace(tzinfo=None)
    try:
        out = value.to_datetime64() if hasattr(value, "to_datetime64") else np.datetime64(value)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} must be a date or datetime; got {value!r}") from None
    if np.isnat(out):
        raise InvalidInputError(f"{name} must not be NaT")
    if np.datetime_data(out.dtype)[0] not in NS_PER_UNIT:
        out = out.astype("datetime64[D]")
    return out


# ---------------------------------------------------------------------------
# Ticks
# ---------------------------------------------------------------------------


def ns_per_tick(dtype: np.dtype[Any]) -> int:
    """Nanoseconds in one tick of a datetime64 dtype."""
    unit, count = np.datetime_data(dtype)
    return NS_PER_UNIT[unit] * int(count)


def coarsen_ticks(ticks: IntArray, dtype: np.dtype[Any]) -> tuple[IntArray, int]:
    """Divide the ticks by the largest of 1 s, 1 ms, 1 us that divides them all.

    Exact: timestamps logged to the second but stored as nanoseconds become
    seconds, so packed sort keys fit in 64 bits. Returns the ticks and the
    length of one tick in nanoseconds.
    """
    ns = ns_per_tick(dtype)
    for target in (10**9, 10**6, 10**3):
        if ns < target and target % ns == 0:
            factor = target // ns
            if ticks.size and not np.any(ticks % factor):
                return ticks // factor, target
    return ticks, ns


def timedelta_ticks(td: _dt.timedelta, tick_ns: int) -> int:
    """Whole ticks in ``td`` (floored: ``t - s <= td`` for integer ticks)."""
    ns = ((td.days * 86_400 + td.seconds) * 10**6 + td.microseconds) * 1000
    return ns // tick_ns


def scalar_ticks(value: Any, tick_ns: int, name: str, zone: Zone = None) -> int:
    """Ticks (of ``tick_ns`` nanoseconds) of one instant, wall-clock in ``zone``."""
    ns = int(as_datetime64(value, name, zone).astype("datetime64[ns]").astype(np.int64))
    return ns // tick_ns  # floor: events at or before the instant are kept
