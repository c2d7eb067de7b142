"""Input conversion and vectorised validation (private).

Every public function converts each input once, checks each rule once per call
(vectorised), and raises [`InvalidInputError`][ecomops.exceptions.InvalidInputError] with a
message that names the parameter, the rule, how many values break it and the
first offending index, e.g.:

```text
holding_cost must be > 0; 3 values are not, first at index 17: 0.0
```
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt

from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops.exceptions import InvalidInputError

__all__ = [
    "as_bounded_array",
    "as_float_array",
    "as_int_array",
    "as_plain_array",
    "as_real_scalar",
    "broadcast",
    "check_flag",
    "check_index",
    "check_option",
    "check_range",
    "check_same_length",
    "check_scalar",
    "first_index",
    "is_scalar",
    "raise_at",
    "read_only",
    "read_only_copy",
    "real_scalar",
    "refuse_missing_date",
    "series_io",
    "to_output",
]

_S = TypeVar("_S", bound=str)
_P = ParamSpec("_P")
_R = TypeVar("_R")
_A = TypeVar("_A", bound=np.ndarray)


#: Types read as one real number without building an array: the scalar fast path.
#: Anything else (Decimal, bool, str, 0-d arrays, masked values...) takes the array
#: path, which converts it or refuses it by name.
_REAL_SCALAR_TYPES = frozenset(
    {float, int, np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8}
    | {np.uint64, np.uint32, np.uint16, np.uint8}
)
_INT64_MIN = -(2**63)
_INT64_END = 2**63


def real_scalar(value: Any) -> float | None:
    """``value`` as a Python float when it is a plain real scalar, else ``None``.

    The scalar fast path: a Python ``float`` or ``int`` (not ``bool``, and within
    int64, as the array path reads it) or a numpy float or integer scalar is
    read with ``float()``, which gives the value the array path's
    ``float64`` conversion gives. Every other input returns ``None``, and the
    caller takes the array path, which converts or refuses it.
    """
    kind = type(value)
    if kind is float:
        return value  # type: ignore[no-any-return]
    if kind not in _REAL_SCALAR_TYPES:
        return None
    if kind is int and not _INT64_MIN <= value < _INT64_END:
        return None
    return float(value)


def is_scalar(value: Any) -> bool:
    """True when ``value`` is a Python or numpy scalar (0-d).

    A ragged nested sequence is not a scalar: its conversion reports it by name.
    """
    if type(value) in _REAL_SCALAR_TYPES or type(value) in (str, Decimal):
        return True
    try:
        return bool(np.ndim(value) == 0)
    except ValueError:  # numpy refuses ragged sequences
        return False


def first_index(mask: BoolArray) -> int | tuple[int, ...]:
    """Index of the first True in ``mask`` (flat int for 1-D, tuple otherwise)."""
    flat = int(np.flatnonzero(mask)[0])
    if mask.ndim <= 1:
        return flat
    return tuple(int(i) for i in np.unravel_index(flat, mask.shape))


def _describe(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def raise_at(name: str, rule: str, mask: BoolArray, values: Any) -> None:
    """Raise if any element of ``mask`` is True, naming the first offending index.

    Parameters
    ----------
    name : str
        The parameter's public name.
    rule : str
        The rule in words, completing "``name`` must ...".
    mask : ndarray of bool
        True where the rule is broken.
    values : array_like
        The values, indexed like ``mask``, for the message.
    """
    mask = np.asarray(mask, dtype=bool)
    count = int(np.count_nonzero(mask))
    if count == 0:
        return
    idx = first_index(mask) if mask.ndim else 0
    arr = np.asarray(values)
    shown = _describe(arr[idx] if arr.ndim else arr[()])
    if mask.ndim == 0:
        raise InvalidInputError(f"{name} must {rule}; got {shown}")
    noun = "value is" if count == 1 else "values are"
    raise InvalidInputError(
        f"{name} must {rule}; {count} {noun} not, first at index {idx}: {shown}"
    )


def as_plain_array(value: Any, name: str, what: str = "an array") -> np.ndarray:
    """``np.asarray(value)`` with the inputs numpy would misread refused by name.

    * a ragged nested sequence (numpy's own ``ValueError``) is refused as not
      of a regular shape;
    * a data frame (pandas, polars) is refused: its rows are meant to line up
      with the other inputs' values, but numpy reads an ``(n, 1)`` frame against
      ``(n,)`` values as an ``n x n`` grid, a silent wrong answer;
    * a masked array with masked values is refused: ``np.asarray`` drops the
      mask, so the hidden values would be read as numbers. Fill them first
      (``arr.filled(np.nan)`` puts them under the NaN rule). A masked array
      without masked values is read as its data.
    """
    if _is_data_frame(value):
        raise InvalidInputError(
            f"{name} must be one column (frame['name']), not a data frame: a frame's rows "
            "would broadcast against the other inputs as a grid (an (n, 1) frame against n "
            "values gives n x n); pass frame.to_numpy() for a grid on purpose"
        )
    if isinstance(value, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(value)
        if mask.any():
            raise_at(
                name,
                "be unmasked (fill masked values first, e.g. .filled(np.nan))",
                mask,
                np.asarray(value.data),
            )
        value = value.data
    try:
        return np.asarray(value)
    except (TypeError, ValueError):  # ragged nested sequences
        raise InvalidInputError(
            f"{name} must be {what} of a regular shape; got a ragged nested sequence"
        ) from None


def _is_data_frame(value: Any) -> bool:
    kind = type(value)
    return kind.__name__ == "DataFrame" and kind.__module__.partition(".")[0] in (
        "pandas",
        "polars",
    )


def _is_complex(item: Any) -> bool:
    return isinstance(item, complex | np.complexfloating)


def _convert(value: Any, name: str, dtype: type[np.generic], what: str) -> np.ndarray:
    if isinstance(value, str | bytes):
        raise InvalidInputError(f"{name} must be {what}; got the string {value!r}")
    arr = as_plain_array(value, name, what)
    if arr.dtype.kind == "c":  # the imaginary part would be dropped without a word
        if arr.ndim == 0:
            raise InvalidInputError(f"{name} must be {what} (real); got {_describe(arr[()])}")
        raise InvalidInputError(f"{name} must be {what} (real); got complex numbers ({arr.dtype})")
    if arr.dtype.kind in "US" and not isinstance(value, np.ndarray):
        arr = np.asarray(value, dtype=object)  # a mixed list: find the first real string
    if arr.dtype.kind in "biuf":
        if arr.dtype.kind == "b":
            raise InvalidInputError(f"{name} must be {what}; got booleans")
        return arr
    if arr.dtype.kind in "OUSMm":
        flat = arr.reshape(-1)
        for i, item in enumerate(flat):
            ok = isinstance(item, int | float | np.integer | np.floating) and not isinstance(
                item, bool | np.bool_
            )
            if not ok:
                if not isinstance(item, str | bytes) and not _is_complex(item):
                    try:
                        float(item)  # Decimal, Fraction and friends
                        continue
                    except (TypeError, ValueError, OverflowError):
                        pass
                where = (
                    i if arr.ndim <= 1 else tuple(int(j) for j in np.unravel_index(i, arr.shape))
                )
                if arr.ndim == 0:
                    raise InvalidInputError(f"{name} must be {what}; got {_describe(item)}")
                raise InvalidInputError(
                    f"{name} must be {what}; first non-numeric value at index {where}: "
                    f"{_describe(item)}"
                )
        try:
            return arr.astype(dtype)
        except OverflowError:  # Python ints beyond int64
            raise InvalidInputError(
                f"{name} must fit in int64 (|value| < 2**63); got a larger integer"
            ) from None
    raise InvalidInputError(f"{name} must be {what}; got dtype {arr.dtype}")


def as_float_array(
    value: Any,
    name: str,
    *,
    ndim: int | None = None,
    allow_nan: bool = False,
    allow_inf: bool = False,
) -> FloatArray:
    """Convert ``value`` to a float64 array once, refusing non-numeric input.

    The result never aliases a caller's writeable array in a way that lets a
    later write through the result change the caller's data: callers that modify
    the array in place must copy it first (core functions do not).

    Parameters
    ----------
    value : array_like
        Python scalars, sequences, numpy arrays, pandas or polars columns.
    name : str
        The parameter's public name, used in error messages.
    ndim : int, optional
        Required number of dimensions.
    allow_nan, allow_inf : bool
        Whether NaN / infinite values are accepted (they propagate element-wise).
    """
    x = real_scalar(value)
    if x is not None and (ndim is None or ndim == 0) and -math.inf < x < math.inf:
        return np.array(x)  # the scalar path: no conversion machinery for one finite float
    arr = _convert(value, name, np.float64, "numeric").astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise InvalidInputError(f"{name} must be {ndim}-dimensional; got shape {arr.shape}")
    if not (allow_nan and allow_inf) and arr.size and not np.isfinite(arr).all():
        bad = np.zeros(arr.shape, dtype=bool)
        if not allow_nan:
            bad |= np.isnan(arr)
        if not allow_inf:
            bad |= np.isinf(arr)
        if bad.any():
            rule = (
                "be finite"
                if not (allow_nan or allow_inf)
                else ("not be NaN" if not allow_nan else "not be infinite")
            )
            raise_at(name, rule, bad, arr)
    return arr


def as_real_scalar(value: Any, name: str, what: str = "a number", *, finite: bool = False) -> float:
    """One real number as a Python float, converted like `as_float_array`.

    Anything but a single real number is refused by name: ``None``, a string,
    a bool, a complex number (its imaginary part would be dropped), a dict or
    any other object ``float()`` cannot read, and arrays (even of one value).
    Decimal, Fraction and numpy scalars are read as their value. NaN and
    infinities are returned as they are (the caller's range check names them),
    or refused with ``finite=True``.
    """
    fast = real_scalar(value)
    if fast is not None and (not finite or -math.inf < fast < math.inf):
        return fast
    if not is_scalar(value):
        try:
            shown = f"an array of shape {np.shape(value)}"
        except ValueError:
            shown = "a ragged nested sequence"
        raise InvalidInputError(f"{name} must be {what}; got {shown}")
    arr = _convert(value, name, np.float64, what)
    out = float(arr.astype(np.float64, copy=False).reshape(()))
    if finite and not math.isfinite(out):
        raise InvalidInputError(f"{name} must be finite; got {out!r}")
    return out


def check_scalar(arr: np.ndarray, name: str) -> float:
    """The single value of an already converted array, or an error naming ``name``."""
    if arr.ndim != 0:
        raise InvalidInputError(f"{name} must be a single number; got shape {arr.shape}")
    return float(arr[()])


def as_int_array(value: Any, name: str, *, ndim: int | None = None) -> IntArray:
    """Convert ``value`` to an int64 array, refusing fractional or non-finite values."""
    arr = _convert(value, name, np.int64, "integer")
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        raise_at(name, "be finite", bad, arr)
        raise_at(name, "be a whole number", arr != np.floor(arr), arr)
        raise_at(name, "fit in int64", np.abs(arr) >= 2.0**63, arr)
    elif arr.dtype == np.uint64:
        raise_at(name, "fit in int64", arr > np.iinfo(np.int64).max, arr)
    out = arr.astype(np.int64)
    if ndim is not None and out.ndim != ndim:
        raise InvalidInputError(f"{name} must be {ndim}-dimensional; got shape {out.shape}")
    return out


def check_range(
    arr: FloatArray | IntArray,
    name: str,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
) -> None:
    """Check bounds vectorised; NaN passes (it propagates element-wise).

    Two NaN-ignoring reductions decide the common case (every value in range);
    only when one fails is the offending index searched for.
    """
    if arr.size == 0 or (gt is None and ge is None and lt is None and le is None):
        return
    if arr.ndim == 0:  # one value: plain comparisons decide the common case
        x = float(arr)
        if x != x or (
            (gt is None or x > gt)
            and (ge is None or x >= ge)
            and (lt is None or x < lt)
            and (le is None or x <= le)
        ):
            return
    lo = float(np.fmin.reduce(arr, axis=None))
    hi = float(np.fmax.reduce(arr, axis=None))
    if math.isnan(lo) or (
        (gt is None or lo > gt)
        and (ge is None or lo >= ge)
        and (lt is None or hi < lt)
        and (le is None or hi <= le)
    ):
        return
    with np.errstate(invalid="ignore"):
        if gt is not None:
            raise_at(name, f"be > {gt:g}", arr <= gt, arr)
        if ge is not None:
            raise_at(name, f"be >= {ge:g}", arr < ge, arr)
        if lt is not None:
            raise_at(name, f"be < {lt:g}", arr >= lt, arr)
        if le is not None:
            raise_at(name, f"be <= {le:g}", arr > le, arr)


def as_bounded_array(
    value: Any,
    name: str,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    allow_nan: bool = True,
) -> FloatArray:
    """Convert to float64 once and check bounds: the usual first line of a core function.

    Infinite values are refused; NaN passes (it propagates element-wise) unless
    ``allow_nan`` is False.
    """
    arr = as_float_array(value, name, allow_nan=allow_nan)
    check_range(arr, name, gt=gt, ge=ge, lt=lt, le=le)
    return arr


def broadcast(**arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast named arrays together (read-only views), or raise naming every shape.

    numpy's rules: an ``(m, 1)`` array against ``(n,)`` values is an ``m x n``
    grid, which callers ask for on purpose (``x[:, None]``). A data frame never
    gets here: `as_plain_array` refuses it, so a one-column frame cannot
    broadcast against a column of the same rows into an ``n x n`` grid.
    """
    values = tuple(arrays.values())
    if len({a.shape for a in values}) <= 1:
        return values
    try:
        shape = np.broadcast_shapes(*(a.shape for a in values))
        return tuple(np.broadcast_to(a, shape) for a in values)
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise InvalidInputError(f"inputs must broadcast to one shape; got {shapes}") from None


def check_same_length(**arrays: Any) -> int:
    """Check that 1-D inputs have one length; return it."""
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{k} has {n}" for k, n in lengths.items())
        raise InvalidInputError(f"inputs must have the same length; {shown}")
    return next(iter(lengths.values()), 0)


def check_flag(value: Any, name: str) -> bool:
    """Check a boolean flag: ``True`` or ``False`` (numpy bools too), nothing else.

    A truthy stand-in would be read as yes: ``cash="no"`` would round to cash.
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise InvalidInputError(f"{name} must be True or False; got {_describe(value)}")


def check_index(value: Any, name: str, size: int) -> int:
    """Check a row index: a whole number (Python or numpy int) in ``[-size, size)``.

    Python's own reading of a negative index (from the end) is kept; anything
    else (a float, a bool, None, an array, out of range) is refused by name
    rather than leaking numpy's ``IndexError``.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"{name} must be a whole number (an int); got {_describe(value)}")
    index = int(value)
    if not -size <= index < size:
        raise InvalidInputError(f"{name} must be a row index in [{-size}, {size}); got {index}")
    return index


def refuse_missing_date(value: Any, name: str) -> Any:
    """Refuse a missing date (pandas ``NaT`` or ``NA``, numpy ``NaT``) by name; else return it.

    ``pd.NaT`` is a ``datetime`` subclass, so a date field would take it and fail
    with an unrelated ``TypeError``; a missing date is a missing value, refused
    like a missing id. For a pydantic ``mode="before"`` field validator.
    """
    if isinstance(value, np.datetime64 | np.timedelta64):
        missing = bool(np.isnat(value))
    else:
        missing = type(value).__name__ in ("NaTType", "NAType") or (
            isinstance(value, dt.date) and value != value
        )
    if missing:
        raise InvalidInputError(f"{name} must be a date, not missing (NaT); got {value!r}")
    return value


def check_option(value: _S, name: str, allowed: Iterable[str]) -> _S:
    """Check an exact option string (no fuzzy matching); anything but a str is refused."""
    options = tuple(allowed)
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise InvalidInputError(f"{name} must be one of {listed}; got {value!r}")
    return value


def to_output(result: Any, scalar: bool) -> Any:
    """Python scalar for scalar input (a one-element result), the array otherwise."""
    if scalar and type(result) is float:
        return result
    if scalar and np.size(result) == 1:
        return result.item() if isinstance(result, np.ndarray | np.generic) else result
    return result


def read_only(array: _A) -> _A:
    """Freeze, in place, an array the caller has just computed (and alone holds); return it."""
    array.setflags(write=False)
    return array


def read_only_copy(value: Any, dtype: npt.DTypeLike | None = None) -> np.ndarray:
    """A read-only array of ``value`` (as ``dtype`` when given) that no caller can write through.

    For values that may alias a caller's array: an array that is already
    read-only and owns its data (of ``dtype`` when given) is returned as it is;
    anything else is copied once, then frozen.
    """
    if (
        isinstance(value, np.ndarray)
        and not value.flags.writeable
        and value.base is None
        and (dtype is None or value.dtype == np.dtype(dtype))
    ):
        return value
    return read_only(np.array(value, dtype=dtype, copy=True))


# ---------------------------------------------------------------------------
# Series in, Series out
# ---------------------------------------------------------------------------


def _series_kind(value: Any) -> str | None:
    """``"pandas"`` or ``"polars"`` for a Series of that library, else ``None``.

    Read from the type's module, so neither library is imported to ask.
    """
    kind = type(value)
    if kind.__name__ != "Series":
        return None
    root = kind.__module__.partition(".")[0]
    return root if root in ("pandas", "polars") else None


def _first_series(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    for value in (*args, *kwargs.values()):
        if _series_kind(value) is not None:
            return value
    return None


def _like_series(result: Any, series: Any) -> Any:
    """``result`` as a Series on ``series``' index (pandas) or of its name (polars).

    Only a 1-D numpy array of the Series' length is wrapped, and a named tuple
    of such arrays field by field; any other answer is returned as it is.
    """
    if isinstance(result, tuple) and hasattr(result, "_fields"):
        return type(result)(*(_like_series(part, series) for part in result))
    if not isinstance(result, np.ndarray) or result.ndim != 1 or len(result) != len(series):
        return result
    if _series_kind(series) == "pandas":
        import pandas as pd

        return pd.Series(result, index=series.index, name=series.name, copy=True)
    import polars as pl

    return pl.Series(series.name, result)


#: Parts of a tuple answer that make it a scalar answer (nothing to wrap as a Series).
_SCALAR_PARTS = frozenset({float, int, bool, type(None)})


def series_io(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Series in, Series out, for an element-wise function.

    When an argument is a pandas Series, an array answer of that Series' length
    comes back as a pandas Series on its index, with its name; a polars Series
    gives a polars Series of its name. The first Series among the arguments
    (positional, then keyword) sets the index. Money answers (`MoneyArray`),
    scalars and result objects are returned as they are. Nothing is imported
    unless the input is a Series, and a scalar answer costs one type check.
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        result = func(*args, **kwargs)
        if type(result) is float or not isinstance(result, np.ndarray | tuple):
            return result
        if type(result) is not np.ndarray and _SCALAR_PARTS.issuperset(map(type, result)):
            return result  # a named tuple of numbers: one scalar answer
        series = _first_series(args, kwargs)
        return result if series is None else _like_series(result, series)

    return wrapper
