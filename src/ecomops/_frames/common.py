"""Reading columns from a data frame and building the answer frame (private).

Every entry point of `ecomops.frames` reads its input the same way and builds
its answer the same way, here:

* `read_frame` recognises a pandas or polars ``DataFrame`` through narwhals
  (imported on first use, so ``import ecomops`` loads no data-frame library);
* `FrameInput.column` hands the array API the caller's own column (a pandas or
  polars Series), so missing values, time zones and dtypes are read by the one
  column reader of the core, with the same errors as the array API;
* `FrameInput.build` returns a frame of the caller's kind: money columns through
  `MoneyArray.to_pandas` / `to_polars`, the caller's key column name, and for
  answers with one row per input row the caller's pandas index.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

import numpy as np

from ecomops._core.results import FormattedColumn
from ecomops.exceptions import InvalidInputError

__all__ = ["FrameInput", "FrameT", "check_name", "read_frame"]

#: The caller's frame type: a pandas DataFrame in gives a pandas DataFrame out,
#: a polars DataFrame gives a polars DataFrame.
FrameT = TypeVar("FrameT")

_SHOWN_COLUMNS = 30
# datetime64 units a frame library stores as they are; coarser ones become days,
# finer or odd ones milliseconds (exactly, for whole seconds).
_KEPT_UNITS = ("D", "ms", "us", "ns")
_COARSE_UNITS = ("Y", "M", "W")


def _narwhals() -> Any:
    try:
        import narwhals.stable.v1 as nw
    except ImportError:  # pragma: no cover - narwhals is a runtime dependency
        raise ImportError("ecomops.frames needs narwhals: pip install narwhals") from None
    return nw


def check_name(value: Any, name: str, *, optional: bool = False) -> str | None:
    """A column name given as a keyword: a string (or None where the column is optional)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        expected = "a column name (str) or None" if optional else "a column name (str)"
        raise InvalidInputError(f"{name} must be {expected}; got {type(value).__name__}")
    return value


@dataclasses.dataclass(frozen=True, slots=True)
class FrameInput:
    """A caller's data frame, read through narwhals: its columns and its kind."""

    native: Any
    frame: Any
    kind: str  # "pandas" or "polars"
    parameter: str

    @property
    def columns(self) -> list[str]:
        """The frame's column names, in order."""
        return [str(c) for c in self.frame.columns]

    def __len__(self) -> int:
        return int(self.frame.shape[0])

    def _describe_columns(self) -> str:
        names = self.columns
        shown = ", ".join(repr(c) for c in names[:_SHOWN_COLUMNS])
        more = f", ... ({len(names)} columns)" if len(names) > _SHOWN_COLUMNS else ""
        return f"[{shown}{more}]"

    def check(self, **names: str | None) -> None:
        """Refuse a keyword naming a column the frame does not have, listing its columns."""
        present = set(self.columns)
        for keyword, name in names.items():
            if name is not None and name not in present:
                raise InvalidInputError(
                    f"{keyword}={name!r} is not a column of {self.parameter}; "
                    f"its columns are {self._describe_columns()}"
                )

    def column(self, name: str) -> Any:
        """The caller's column as its library's Series (no copy)."""
        return self.frame.get_column(name).to_native()

    def optional(self, name: str | None) -> Any:
        """The column, or None when the caller names none."""
        return None if name is None else self.column(name)

    def subset(self, mask: np.ndarray) -> FrameInput:
        """The rows where ``mask`` is true, as a frame of the same kind."""
        if self.kind == "pandas":
            rows = self.native[mask]
        else:
            import polars as pl

            rows = self.native.filter(pl.Series(mask))
        return read_frame(rows, self.parameter)

    def build(
        self,
        columns: Iterable[tuple[str, Any]],
        *,
        keep_index: bool = False,
        key: str | None = None,
    ) -> Any:
        """A frame of the caller's kind from ``(name, column)`` pairs.

        A column is a numpy array, a money column (`MoneyArray`) or one of the
        caller's own Series (carried over unchanged). Two columns with one name
        are refused: the caller's input columns cannot be silently overwritten by
        an answer column. ``keep_index`` gives a pandas answer the caller's index
        (answers with one row per input row). ``key`` names an answer column of
        keys read from the caller's column of that name: it gets that column's
        dtype back (a polars ``UInt32`` or ``Categorical``, a pandas
        ``category``), so the answer joins onto the caller's tables.
        """
        pairs = list(columns)
        _refuse_duplicates([name for name, _ in pairs], self.parameter)
        if self.kind == "pandas":
            out = self._build_pandas(pairs, keep_index=keep_index)
            if key is not None:
                out[key] = out[key].astype(self.native[key].dtype)
            return out
        out = self._build_polars(pairs)
        if key is not None:
            import polars as pl

            out = out.with_columns(pl.col(key).cast(self.native.schema[key]))
        return out

    def _build_pandas(self, pairs: Sequence[tuple[str, Any]], *, keep_index: bool) -> Any:
        import pandas as pd

        data = {}
        for name, values in pairs:
            if isinstance(values, FormattedColumn):
                values = values.to_pandas()  # type: ignore[attr-defined]
            if isinstance(values, pd.Series):
                values = values.array  # the values without their index: no alignment
            else:
                values = _frame_time(np.asarray(values))
            data[name] = values
        index = self.native.index if keep_index else None
        return pd.DataFrame(data, index=index)

    def _build_polars(self, pairs: Sequence[tuple[str, Any]]) -> Any:
        import polars as pl

        data = {}
        for name, values in pairs:
            if isinstance(values, FormattedColumn):
                values = values.to_polars()  # type: ignore[attr-defined]
            if isinstance(values, pl.Series):
                data[name] = values.alias(name)
            else:
                data[name] = pl.Series(name, _frame_time(np.asarray(values)))
        return pl.DataFrame(data)


def _refuse_duplicates(names: list[str], parameter: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidInputError(
                f"the answer would hold two columns named {name!r}: a column of "
                f"{parameter} has the name of an answer column; rename it first"
            )
        seen.add(name)


def _frame_time(values: np.ndarray) -> np.ndarray:
    """Datetimes in a unit both frame libraries store: days, or ms/us/ns."""
    if values.dtype.kind != "M":
        return values
    unit, _ = np.datetime_data(values.dtype)
    if unit in _KEPT_UNITS:
        return values
    return values.astype("datetime64[D]" if unit in _COARSE_UNITS else "datetime64[ms]")


def read_frame(data: Any, parameter: str = "data") -> FrameInput:
    """Read a pandas or polars DataFrame; anything else is refused by name."""
    nw = _narwhals()
    kind = _kind(data)
    if kind is None:
        raise InvalidInputError(
            f"{parameter} must be a pandas or polars DataFrame; got {type(data).__module__}."
            f"{type(data).__qualname__}"
            + (" (collect() a LazyFrame first)" if type(data).__name__ == "LazyFrame" else "")
        )
    frame = nw.from_native(data, eager_only=True)
    return FrameInput(native=data, frame=frame, kind=kind, parameter=parameter)


def _kind(data: Any) -> str | None:
    """``"pandas"`` or ``"polars"`` for their DataFrames (and subclasses), else None."""
    for module_name in ("pandas", "polars"):
        module = sys.modules.get(module_name)  # a frame's library is imported already
        if module is not None and isinstance(data, module.DataFrame):
            return module_name
    return None
