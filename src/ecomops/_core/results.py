"""Result and table base classes (private).

Results are frozen, slotted dataclasses. `Result` gives them a readable
``repr`` and an HTML view for notebooks. `Table` is the base of tabular
results (one row per customer, SKU, parcel...): every 1-D array field of the
table's length is a column, exposed as a read-only numpy array, with
`Table.to_pandas` / `Table.to_polars` when that library is installed.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ecomops._core.validation import read_only_copy
from ecomops.exceptions import InvalidInputError

__all__ = ["FormattedColumn", "Result", "Table", "freeze_arrays", "is_column"]

# Time units polars reads from numpy: datetimes in days or ms/us/ns, durations in ms/us/ns.
_POLARS_UNITS = {"M": ("D", "ms", "us", "ns"), "m": ("ms", "us", "ns")}


def _polars_time(column: np.ndarray) -> np.ndarray:
    """A datetime or timedelta column in a unit polars accepts (seconds become ms, exactly)."""
    kind = column.dtype.kind
    if kind not in _POLARS_UNITS:
        return column
    unit, _ = np.datetime_data(column.dtype)
    if unit in _POLARS_UNITS[kind]:
        return column
    return column.astype(f"{column.dtype.str[1:3]}[ms]")


@runtime_checkable
class FormattedColumn(Protocol):
    """A typed column that formats itself (a money column): a table column too.

    It has a shape, formats its values for display, and converts to float64 for
    data frames; [`MoneyArray`][ecomops.money.MoneyArray] is one.
    """

    @property
    def shape(self) -> tuple[int, ...]: ...

    def __getitem__(self, key: Any) -> Any: ...

    def format_amounts(self) -> list[str]: ...

    def to_float(self) -> Any: ...


def is_column(value: Any) -> bool:
    """True for a 1-D numpy array or a 1-D formatted column (a table column)."""
    if isinstance(value, np.ndarray):
        return value.ndim == 1
    return isinstance(value, FormattedColumn) and len(value.shape) == 1


def freeze_arrays(result: Any) -> None:
    """Make every numpy array field of ``result`` read-only without touching a caller's array.

    An array that is already read-only and owns its data is kept; any other
    array (a caller's writeable array, a view of one, a writeable array computed
    for the result) is replaced by a read-only copy. Freezing in place instead
    would make a caller's array read-only, and keeping a view would let a later
    write through the caller's array change the result.
    """
    for f in dataclasses.fields(result):
        value = getattr(result, f.name, None)
        if isinstance(value, np.ndarray):
            frozen = read_only_copy(value)
            if frozen is not value:
                object.__setattr__(result, f.name, frozen)


_HEAD = 8
_TAIL = 3


def _fmt(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _fmt(value[()])
        if value.size <= 6:
            return "[" + ", ".join(_fmt(v) for v in value.reshape(-1)) + "]"
        return f"<array shape={value.shape} dtype={value.dtype}>"
    if isinstance(value, float):
        return _fmt(value)
    if isinstance(value, Result):
        return type(value).__name__ + "(...)"
    return repr(value)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Result:
    """Base of result objects: frozen, slotted, with a readable repr.

    Array fields are read-only and never share memory with a caller's array
    (see `freeze_arrays`).
    """

    def __post_init__(self) -> None:
        freeze_arrays(self)

    def _fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.repr}

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={_short(v)}" for k, v in self._fields().items())
        return f"{type(self).__name__}({body})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(_short(v))}</td></tr>"
            for k, v in self._fields().items()
        )
        return f"<b>{html.escape(type(self).__name__)}</b><table>{rows}</table>"


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Table(Result):
    """Base of tabular results: equal-length 1-D array fields are its columns.

    Subclasses are frozen, slotted dataclasses. Fields that are 1-D numpy arrays
    are columns (in field order) and must share one length; other fields are
    metadata shown in the header. Array fields are made read-only on construction,
    copied first when a caller could still write through them (`freeze_arrays`).
    """

    def __post_init__(self) -> None:
        freeze_arrays(self)
        lengths = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if is_column(value):
                lengths[f.name] = value.shape[0]
        if len(set(lengths.values())) > 1:
            shown = ", ".join(f"{k}={n}" for k, n in lengths.items())
            raise InvalidInputError(
                f"{type(self).__name__} columns must have one length; got {shown}"
            )

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of the columns, in order."""
        return tuple(f.name for f in dataclasses.fields(self) if is_column(getattr(self, f.name)))

    def columns(self) -> dict[str, Any]:
        """The columns as a ``{name: column}`` dict (read-only arrays and money columns)."""
        return {name: getattr(self, name) for name in self.column_names}

    def __len__(self) -> int:
        names = self.column_names
        return int(getattr(self, names[0]).shape[0]) if names else 0

    def _metadata(self) -> dict[str, Any]:
        cols = set(self.column_names)
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.repr and f.name not in cols
        }

    def to_pandas(self) -> Any:
        """The table as a `pandas.DataFrame` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame(self._frame_columns())

    def to_polars(self) -> Any:
        """The table as a `polars.DataFrame` (needs polars)."""
        try:
            import polars as pl
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_polars() needs polars: pip install polars") from None
        return pl.DataFrame({k: _polars_time(v) for k, v in self._frame_columns().items()})

    def _frame_columns(self) -> dict[str, np.ndarray]:
        """Columns as writable arrays for a data frame; money as float64 major units."""
        return {
            k: v.to_float() if isinstance(v, FormattedColumn) else np.array(v)
            for k, v in self.columns().items()
        }

    def _cells(self, column: Any, rows: list[int | None]) -> list[str]:
        """Display text of the given rows of one column (``…`` for the gap)."""
        if isinstance(column, FormattedColumn):
            shown = [i for i in rows if i is not None]
            formatted = column[np.array(shown, dtype=np.int64)].format_amounts() if shown else []
            texts = dict(zip(shown, formatted, strict=True))
            return [texts[i] if i is not None else "…" for i in rows]
        return [_fmt(column[i]) if i is not None else "…" for i in rows]

    def _row_indices(self) -> list[int | None]:
        n = len(self)
        if n <= _HEAD + _TAIL:
            return list(range(n))
        return [*range(_HEAD), None, *range(n - _TAIL, n)]

    def _title(self) -> str:
        """``Name: n rows × k columns (metadata)``, the first line of both views."""
        meta = ", ".join(f"{k}={_short(v)}" for k, v in self._metadata().items())
        title = f"{type(self).__name__}: {len(self)} rows × {len(self.column_names)} columns"
        return f"{title} ({meta})" if meta else title

    def __repr__(self) -> str:
        cols = self.columns()
        header = self._title()
        names = list(cols)
        rows = self._row_indices()
        cells = [[str(i) if i is not None else "…" for i in rows]]
        cells.extend(self._cells(cols[name], rows) for name in names)
        widths = [max([len(h)] + [len(c) for c in cells[j]]) for j, h in enumerate(["", *names])]
        lines = ["  ".join(h.rjust(w) for h, w in zip(["", *names], widths, strict=True))]
        lines.extend(
            "  ".join(cells[j][r].rjust(widths[j]) for j in range(len(widths)))
            for r in range(len(cells[0]))
        )
        return header + "\n" + "\n".join(lines)

    def _repr_html_(self) -> str:
        cols = self.columns()
        title = self._title()
        head = "".join(f"<th>{html.escape(k)}</th>" for k in cols)
        rows = self._row_indices()
        texts = [self._cells(c, rows) for c in cols.values()]
        body = []
        for r, i in enumerate(rows):
            if i is None:
                body.append(f"<tr><td>…</td>{'<td>…</td>' * len(cols)}</tr>")
                continue
            tds = "".join(f"<td>{html.escape(t[r])}</td>" for t in texts)
            body.append(f"<tr><th>{i}</th>{tds}</tr>")
        return (
            f"<div><b>{html.escape(title)}</b><table><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )
