"""Result and table base classes (private).

Results are frozen, slotted dataclasses. `Result` gives them a readable
``repr``, an HTML view for notebooks and `Result.to_pandas` /
`Result.to_polars`. `Table` is the base of tabular results (one row per
customer, SKU, parcel...): every 1-D array field of the table's length is a
column, exposed as a read-only numpy array.

How a value prints follows its field's display kind (`Display`): declared in the
field's metadata (``dataclasses.field(metadata=SHARE)``, ``metadata=COUNT``,
``metadata=money()``), in a class's ``_DISPLAY`` mapping for derived
quantities, or read from the value's type (a `MoneyArray` or `Money` is money in
its own currency). Money prints with the currency's decimals and thousands
separators and names its currency (``CNY 1,300,380.00`` in a repr, ``[CNY]`` in a
column header), shares as percentages (``7.21%``), counts as integers with
separators (``20,352``), and no float in a table uses scientific notation
between 1e-4 and 1e15.
"""

from __future__ import annotations

import dataclasses
import html
import math
import operator
import unicodedata
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, runtime_checkable

import numpy as np

from ecomops._core.validation import read_only_copy
from ecomops.exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = [
    "COUNT",
    "SHARE",
    "Display",
    "FormattedColumn",
    "Result",
    "Table",
    "display_kinds",
    "format_count",
    "format_money",
    "format_number",
    "format_share",
    "freeze_arrays",
    "is_column",
    "matrix_columns",
    "money",
]

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

    @property
    def currency(self) -> Any: ...

    def format_amounts(self) -> list[str]: ...

    def to_float(self) -> Any: ...


#: Field values that are never arrays nor columns: skipped before the (slow)
#: protocol check, so a result of plain numbers costs next to nothing to build.
_PLAIN_TYPES = frozenset({float, int, bool, str, type(None)})

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """The dataclass field names of a result class, looked up once per class."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


#: Whether a type is a `FormattedColumn`, per type: the runtime protocol check
#: costs about 10 µs a value, and a result's field types are few.
_FORMATTED: dict[type, bool] = {}
#: Types remembered at most (beyond, the check simply runs each time).
_FORMATTED_MAX = 512


def _is_formatted(value: Any) -> bool:
    kind = type(value)
    known = _FORMATTED.get(kind)
    if known is None:
        known = isinstance(value, FormattedColumn)
        if len(_FORMATTED) < _FORMATTED_MAX:
            _FORMATTED[kind] = known
    return known


_FIELD_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def field_getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A function returning the field values of a result as a tuple, built once per class.

    One C-level ``attrgetter`` call fetches every field, so a result of plain
    numbers is recognised without a Python loop over its fields.
    """
    getter = _FIELD_GETTERS.get(cls)
    if getter is None:
        names = field_names(cls)
        getter = operator.attrgetter(*names) if len(names) > 1 else _few_fields_getter(names)
        _FIELD_GETTERS[cls] = getter
    return getter


def _few_fields_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """`field_getter` of a class with at most one field (where ``attrgetter`` gives no tuple)."""
    return lambda obj: tuple(getattr(obj, name) for name in names)


def is_column(value: Any) -> bool:
    """True for a 1-D numpy array or a 1-D formatted column (a table column)."""
    if type(value) in _PLAIN_TYPES:
        return False
    if isinstance(value, np.ndarray):
        return value.ndim == 1
    return _is_formatted(value) and len(value.shape) == 1


def freeze_arrays(result: Any) -> None:
    """Make every numpy array field of ``result`` read-only without touching a caller's array.

    An array that is already read-only and owns its data is kept; any other
    array (a caller's writeable array, a view of one, a writeable array computed
    for the result) is replaced by a read-only copy. Freezing in place instead
    would make a caller's array read-only, and keeping a view would let a later
    write through the caller's array change the result.
    """
    for name in field_names(type(result)):
        value = getattr(result, name, None)
        if type(value) not in _PLAIN_TYPES and isinstance(value, np.ndarray):
            frozen = read_only_copy(value)
            if frozen is not value:
                object.__setattr__(result, name, frozen)


# ---------------------------------------------------------------------------
# Display kinds
# ---------------------------------------------------------------------------

DISPLAY_KEY = "ecomops.display"
DisplayKind = Literal["number", "money", "share", "count"]


@dataclasses.dataclass(frozen=True, slots=True)
class Display:
    """How a field prints: a plain number, money, a share (as %) or a count.

    For money, ``currency`` is a fixed currency (an object with ``code`` and
    ``minor_units``, such as [`Currency`][ecomops.money.Currency]) and
    ``currency_field`` names the result's field that holds it; without either,
    the amounts print with two decimals and no currency code.
    """

    kind: DisplayKind = "number"
    currency: Any = None
    currency_field: str | None = None


SHARE: Mapping[str, Display] = MappingProxyType({DISPLAY_KEY: Display("share")})
COUNT: Mapping[str, Display] = MappingProxyType({DISPLAY_KEY: Display("count")})


def money(currency: Any = None, *, field: str | None = "currency") -> Mapping[str, Display]:
    """Field metadata of a money field: ``dataclasses.field(metadata=money())``.

    ``currency`` fixes the currency; otherwise the result's ``field`` (default
    ``"currency"``) holds it, if the result has one.
    """
    return MappingProxyType({DISPLAY_KEY: Display("money", currency, field)})


def display_kinds(
    *,
    money: tuple[str, ...] = (),
    share: tuple[str, ...] = (),
    count: tuple[str, ...] = (),
    currency: Any = None,
    currency_field: str | None = "currency",
) -> Mapping[str, Display]:
    """A class's ``_DISPLAY`` mapping: the display kind of each named field or property.

    ``currency`` (fixed) or ``currency_field`` (the field holding it) applies to
    the money fields named here.
    """
    kinds = {name: Display("money", currency, currency_field) for name in money}
    kinds.update({name: Display("share") for name in share})
    kinds.update({name: Display("count") for name in count})
    return MappingProxyType(kinds)


def _is_currency(value: Any) -> bool:
    return hasattr(value, "code") and hasattr(value, "minor_units")


def _is_money(value: Any) -> bool:
    return isinstance(getattr(value, "amount", None), Decimal) and _is_currency(
        getattr(value, "currency", None)
    )


_DISPLAY_CONTEXT = Context(prec=80)
_FIXED_LOW = 1e-4  # floats from here ...
_FIXED_HIGH = 1e15  # ... to here print in fixed notation
_DIGITS = 6  # significant digits of a plain float


def format_number(value: Any) -> str:
    """A number as text: ints as they are, floats in fixed notation with separators.

    Floats between 1e-4 and 1e15 in magnitude never use scientific notation:
    six significant digits, thousands separators, no trailing zeros
    (``1300380.0`` is ``1,300,380``, ``0.0720623`` stays ``0.0720623``).
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, float):
        return str(value)
    if not math.isfinite(value) or value == 0.0:
        return "0" if value == 0.0 else str(value)
    magnitude = abs(value)
    if not _FIXED_LOW <= magnitude < _FIXED_HIGH:
        return f"{value:.{_DIGITS}g}"
    decimals = max(0, _DIGITS - 1 - math.floor(math.log10(magnitude)))
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_count(value: Any) -> str:
    """A count as an integer with thousands separators (``20,352``); NaN as ``nan``."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else format_number(value)


def format_share(value: Any) -> str:
    """A fraction as a percentage with two decimals (``0.0720623`` is ``7.21%``)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{100 * value:.2f}%" if math.isfinite(value) else str(float(value))


def format_money(value: Any, minor_units: int = 2) -> str:
    """An amount in major units with the currency's decimals and separators (``1,300,380.00``)."""
    if _is_money(value):
        minor_units, value = value.currency.minor_units, value.amount
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    # a float is read as its shortest decimal form, as money is (2.675 shows 2.68),
    # rounded half-up in a private context: the caller's decimal context plays no part
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    step = Decimal(1).scaleb(-minor_units)
    rounded = exact.quantize(step, rounding=ROUND_HALF_UP, context=_DISPLAY_CONTEXT)
    return f"{rounded:,.{minor_units}f}"


def _column_texts(values: Any, kind: DisplayKind, minor_units: int) -> list[str]:
    """Display text of each value of a numpy array or a money column."""
    if _is_formatted(values):
        texts: list[str] = values.format_amounts()
        return texts
    flat = np.asarray(values, dtype=object).reshape(-1).tolist()
    if kind == "money":
        return [format_money(v, minor_units) for v in flat]
    if kind == "share":
        return [format_share(v) for v in flat]
    if kind == "count":
        return [format_count(v) for v in flat]
    return [format_number(v) for v in flat]


# ---------------------------------------------------------------------------
# Bases
# ---------------------------------------------------------------------------

_HEAD = 8
_TAIL = 3
_SHORT = 6  # array elements shown inline in a result's repr


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Result:
    """Base of result objects: frozen, slotted, with a readable repr.

    Array fields are read-only and never share memory with a caller's array
    (see `freeze_arrays`). Fields print by their display kind (see `Display`);
    `to_pandas` / `to_polars` give a data frame.
    """

    # display kinds of derived quantities (properties shown like fields)
    _DISPLAY: ClassVar[Mapping[str, Display]] = MappingProxyType({})
    # array properties computed on first access: part of the answer like fields
    # (read-only, never a caller's memory), left out of the repr and frames
    _COMPUTED: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        freeze_arrays(self)

    def _fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.repr}

    # display ---------------------------------------------------------------
    def _display(self, name: str, value: Any) -> tuple[DisplayKind, Any]:
        """The display kind of a field and, for money, its currency (or None)."""
        declared = self._DISPLAY.get(name)
        for f in dataclasses.fields(self):
            if f.name == name and DISPLAY_KEY in f.metadata:
                declared = f.metadata[DISPLAY_KEY]
        if _is_formatted(value) or _is_money(value):
            return "money", value.currency
        if declared is None:
            return "number", None
        if declared.kind != "money":
            return declared.kind, None
        currency = declared.currency
        if currency is None and declared.currency_field is not None:
            currency = getattr(self, declared.currency_field, None)
        return "money", currency if _is_currency(currency) else None

    def _texts(self, name: str, values: Any) -> list[str]:
        """Display text of each element of an array field (flattened)."""
        kind, currency = self._display(name, values)
        return _column_texts(values, kind, currency.minor_units if currency is not None else 2)

    def _short(self, name: str, value: Any) -> str:
        """One field's value, short, as the repr shows it."""
        if isinstance(value, Result):
            return type(value).__name__ + "(...)"
        if _is_currency(value):
            return str(value.code)
        if isinstance(value, np.datetime64 | np.timedelta64):
            return str(value)
        kind, currency = self._display(name, value)
        code = f"{currency.code} " if currency is not None else ""
        places = currency.minor_units if currency is not None else 2
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        if isinstance(value, np.ndarray) or _is_formatted(value):
            if int(np.prod(value.shape)) > _SHORT:
                dtype = "money" if kind == "money" else str(getattr(value, "dtype", ""))
                return f"<{code}array shape={value.shape} dtype={dtype}>"
            return code + "[" + " ".join(_column_texts(value, kind, places)) + "]"
        if _is_money(value):
            return code + format_money(value)
        if isinstance(value, int | float | np.number | Decimal) and not isinstance(value, bool):
            return code + _column_texts(np.array([value], dtype=object), kind, places)[0]
        return repr(value)

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={self._short(k, v)}" for k, v in self._fields().items())
        return f"{type(self).__name__}({body})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(self._short(k, v))}</td></tr>"
            for k, v in self._fields().items()
        )
        return f"<b>{html.escape(type(self).__name__)}</b><table>{rows}</table>"

    # data frames -----------------------------------------------------------
    def _frame_source(self) -> dict[str, Any]:
        """The result as frame columns: its scalars, and its 1-D fields of one length.

        A result about one item is one row; a vectorised result (1-D fields of
        one length, the scalars broadcast) is one row per element. Nested
        results, matrices, mappings and tuples are left out (they stay
        attributes); results with a natural table override this.
        """
        scalars: dict[str, Any] = {}
        arrays: dict[str, Any] = {}
        for name, value in self._fields().items():
            if is_column(value):
                arrays[name] = value
            elif isinstance(value, tuple) and value and all(map(_is_scalar, value)):
                arrays[name] = np.array(value)
            elif isinstance(value, np.ndarray) and value.ndim == 0:
                scalars[name] = value[()]
            elif _is_scalar(value):
                scalars[name] = value
        lengths = [v.shape[0] for v in arrays.values()]
        n = lengths[0] if lengths else 1
        columns = {}
        for name in self._fields():
            if name in arrays and arrays[name].shape[0] == n:
                columns[name] = arrays[name]
            elif name in scalars:
                columns[name] = _broadcast(scalars[name], n)
        return columns

    def _frame_columns(self) -> dict[str, np.ndarray]:
        """Frame columns as writable arrays; money as float64 major units."""
        return self._frame_data()[0]

    def _frame_data(self) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """Writable column arrays (money as float64 major units) and money columns' currencies."""
        data: dict[str, np.ndarray] = {}
        currencies: dict[str, str] = {}
        for name, column in self._frame_source().items():
            kind, currency = self._display(name, column)
            if _is_formatted(column):
                data[name] = np.array(column.to_float())
            else:
                data[name] = np.array(column)
            if kind == "money" and currency is not None:
                currencies[name] = str(currency.code)
        return data, currencies

    def to_pandas(self) -> pd.DataFrame:
        """The result as a `pandas.DataFrame` (needs pandas).

        Tables give one row per row; other results one row of their scalar
        fields (one row per element when vectorised). Money columns are float64
        in major units, each money column's currency in ``frame.attrs["currency"]``
        (exact amounts: the result's money columns themselves).
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        data, currencies = self._frame_data()
        frame = pd.DataFrame(data)
        frame.attrs["currency"] = currencies
        return frame

    def to_polars(self) -> pl.DataFrame:
        """The result as a `polars.DataFrame` (needs polars); columns as in `to_pandas`."""
        try:
            import polars as pl
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("to_polars() needs polars: pip install polars") from None
        data, _ = self._frame_data()
        return pl.DataFrame({k: _polars_time(v) for k, v in data.items()})


def matrix_columns(
    row_name: str, rows: Any, column_name: str, columns: Any, **matrices: Any
) -> dict[str, Any]:
    """Frame columns of matrices in long form: one row per (row, column) pair, row-major.

    ``matrices`` are numpy arrays or money columns of shape ``(len(rows), len(columns))``.
    """
    n, k = len(rows), len(columns)
    out: dict[str, Any] = {
        row_name: np.repeat(np.asarray(rows), k),
        column_name: np.tile(np.asarray(columns), n),
    }
    for name, matrix in matrices.items():
        if _is_formatted(matrix):
            out[name] = matrix[np.arange(n * k) // k, np.arange(n * k) % k]
        else:
            out[name] = np.asarray(matrix).reshape(n * k)
    return out


def _is_scalar(value: Any) -> bool:
    return (
        isinstance(value, int | float | str | bool | Decimal | np.generic)
        or _is_money(value)
        or _is_currency(value)
    )


def _broadcast(value: Any, n: int) -> np.ndarray:
    """A scalar field as a column of ``n`` rows (money as float, a currency as its code)."""
    if _is_money(value):
        value = float(value.amount)
    elif _is_currency(value):
        value = str(value.code)
    elif isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, np.generic):
        return np.full(n, value)
    column = np.empty(n, dtype=object) if isinstance(value, str) else None
    if column is not None:
        column[:] = value
        return column.astype(str)
    return np.full(n, value)


def _width(text: str) -> int:
    """Columns a text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _rjust(text: str, width: int) -> str:
    return " " * (width - _width(text)) + text


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Table(Result):
    """Base of tabular results: equal-length 1-D array fields are its columns.

    Subclasses are frozen, slotted dataclasses. Fields that are 1-D numpy arrays
    are columns (in field order) and must share one length; other fields are
    metadata shown in the header. Array fields are made read-only on construction,
    copied first when a caller could still write through them (`freeze_arrays`).
    """

    def __post_init__(self) -> None:
        values = field_getter(type(self))(self)
        if _PLAIN_TYPES.issuperset(map(type, values)):  # one item: nothing to freeze or measure
            return
        lengths = {}
        for name in field_names(type(self)):  # one pass: freeze arrays, collect columns
            value = getattr(self, name)
            if type(value) in _PLAIN_TYPES:
                continue
            if isinstance(value, np.ndarray):
                frozen = read_only_copy(value)
                if frozen is not value:
                    object.__setattr__(self, name, frozen)
                    value = frozen
            if is_column(value):
                lengths[name] = value.shape[0]
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

    def _frame_source(self) -> dict[str, Any]:
        """The columns; a table without columns (one item) is one row of its scalars."""
        columns = self.columns()
        return columns if columns else Result._frame_source(self)

    def _header(self, name: str, column: Any) -> str:
        """A column's header: its name, and ``[CNY]`` for money in a known currency."""
        kind, currency = self._display(name, column)
        return f"{name} [{currency.code}]" if kind == "money" and currency is not None else name

    def _cells(self, name: str, column: Any, rows: list[int | None]) -> list[str]:
        """Display text of the given rows of one column (``…`` for the gap)."""
        shown = np.array([i for i in rows if i is not None], dtype=np.int64)
        texts = iter(self._texts(name, column[shown]) if shown.size else [])
        return [next(texts) if i is not None else "…" for i in rows]

    def _row_indices(self) -> list[int | None]:
        n = len(self)
        if n <= _HEAD + _TAIL:
            return list(range(n))
        return [*range(_HEAD), None, *range(n - _TAIL, n)]

    def _title(self) -> str:
        """``Name: n rows × k columns (metadata)``, the first line of both views."""
        meta = ", ".join(f"{k}={self._short(k, v)}" for k, v in self._metadata().items())
        title = f"{type(self).__name__}: {len(self):,} rows × {len(self.column_names)} columns"
        return f"{title} ({meta})" if meta else title

    def _grid(self) -> tuple[list[str], list[int | None], list[list[str]]]:
        """Headers, row indices (None for the gap) and the cells of each column."""
        cols = self.columns()
        rows = self._row_indices()
        headers = [self._header(name, column) for name, column in cols.items()]
        cells = [self._cells(name, column, rows) for name, column in cols.items()]
        return headers, rows, cells

    def __repr__(self) -> str:
        headers, rows, columns = self._grid()
        cells = [[str(i) if i is not None else "…" for i in rows], *columns]
        names = ["", *headers]
        widths = [max([_width(h)] + [_width(c) for c in cells[j]]) for j, h in enumerate(names)]
        lines = ["  ".join(_rjust(h, w) for h, w in zip(names, widths, strict=True))]
        lines.extend(
            "  ".join(_rjust(cells[j][r], widths[j]) for j in range(len(widths)))
            for r in range(len(rows))
        )
        return self._title() + "\n" + "\n".join(lines)

    def _repr_html_(self) -> str:
        headers, rows, texts = self._grid()
        head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
        body = []
        for r, i in enumerate(rows):
            if i is None:
                body.append(f"<tr><td>…</td>{'<td>…</td>' * len(headers)}</tr>")
                continue
            tds = "".join(f"<td>{html.escape(t[r])}</td>" for t in texts)
            body.append(f"<tr><th>{i}</th>{tds}</tr>")
        return (
            f"<div><b>{html.escape(self._title())}</b><table><thead><tr><th></th>{head}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table></div>"
        )
