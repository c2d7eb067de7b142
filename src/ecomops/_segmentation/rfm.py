r"""RFM scores: recency, frequency and monetary value binned from 1 to ``bins`` (private).

Public names are re-exported by `ecomops.segmentation`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.columns import as_ids, factorize_ids
from ecomops._core.results import Display, Table, display_kinds
from ecomops._core.typing import (
    MONETARY_COLUMNS,
    RFM_METHODS,
    RFM_PRESETS,
    RFM_TIES,
    FloatArray,
    IntArray,
    MonetaryColumn,
    RFMMethod,
    RFMPreset,
    RFMTies,
)
from ecomops._core.validation import as_float_array, check_option, check_same_length, raise_at
from ecomops._segmentation.summary import CustomerSummary
from ecomops.exceptions import InvalidInputError

__all__ = ["RFMScores", "expect_type", "rfm_scores", "rfm_scores_from_values"]

AnyArray: TypeAlias = npt.NDArray[Any]
DIMENSIONS = ("recency", "frequency", "monetary")


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


def expect_type(value: Any, kind: type, name: str, *, advice: str = "") -> None:
    """Refuse an argument of the wrong result type, naming the parameter and the type."""
    if not isinstance(value, kind):
        raise InvalidInputError(
            f"{name} must be a {kind.__name__}; got {type(value).__name__}{advice}"
        )


#: "0" .. "999": an RFM code by table lookup (int -> str conversion is ~10x slower per row)
_RFM_CODES = np.arange(1000).astype("U3")


def _quantile_levels(bins: int) -> FloatArray:
    """``linspace(0, 1, bins + 1)``, rounded up where not exact (as pandas.qcut does)."""
    levels = np.linspace(0.0, 1.0, bins + 1)
    inexact = bins * levels != np.arange(bins + 1)
    levels[inexact] = np.nextafter(levels[inexact], 1.0)
    return levels


def _ordinal_positions(values: FloatArray, tie_order: IntArray | None) -> tuple[IntArray, IntArray]:
    """0-based ascending positions (ties by ``tie_order``, else by row) and the sort order."""
    n = values.shape[0]
    order = (
        np.argsort(values, kind="stable")
        if tie_order is None
        else np.lexsort((tie_order, values)).astype(np.int64)
    )
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n, dtype=np.int64)
    return pos, order.astype(np.int64)


def _tied_positions(values: FloatArray, order: IntArray, *, last: bool) -> IntArray:
    """Positions where every tied value takes its block's first (or last) position."""
    n = values.shape[0]
    sv = values[order]
    start = np.ones(n, dtype=bool)
    start[1:] = sv[1:] != sv[:-1]
    block = np.cumsum(start) - 1
    first = np.flatnonzero(start)
    bound = np.append(first[1:], n) - 1 if last else first
    pos = np.empty(n, dtype=np.int64)
    pos[order] = bound[block]
    return pos


def _ntile(pos: IntArray, n: int, bins: int) -> IntArray:
    """SQL ``NTILE(bins)`` bucket (0-based) of 0-based positions: the first n % bins are larger."""
    q, rem = divmod(n, bins)
    big = rem * (q + 1)
    tail = (pos - big) // max(q, 1) + rem
    return np.where(pos < big, pos // (q + 1), tail).astype(np.int64)


def _value_edges(values: FloatArray, raw_bin: IntArray, n_bins: int) -> tuple[float, ...]:
    """Inner edges in value space: the largest value of raw bins ``<= j`` (``-inf`` if none)."""
    out = []
    for j in range(n_bins - 1):
        inside = values[raw_bin <= j]
        out.append(float(inside.max()) if inside.size else float("-inf"))
    return tuple(out)


def _score_dimension(
    values: FloatArray,
    *,
    bins: int,
    method: RFMMethod,
    ties: RFMTies,
    reverse: bool,
    edges: Sequence[float] | None,
    tie_order: IntArray | None,
    compact: bool,
) -> tuple[IntArray, tuple[float, ...], int]:
    """Scores 1..bins of one dimension, its value-space edges and the bins used."""
    n = values.shape[0]
    if n == 0:
        return np.zeros(0, np.int64), tuple(edges or ()), bins
    n_bins = bins
    if method == "fixed":
        assert edges is not None
        inner = np.asarray(edges, dtype=np.float64)
        raw = np.searchsorted(inner, values, side="left").astype(np.int64)
        out_edges = tuple(float(e) for e in inner)
    elif method == "quantile":
        levels = _quantile_levels(bins)
        full = np.quantile(values, levels)
        if compact:  # pandas.qcut(duplicates="drop"): equal edges merge, fewer bins
            unique = np.unique(full)
            n_bins = max(unique.shape[0] - 1, 1)
            inner = unique[1:-1]
        else:
            inner = full[1:-1]
        raw = np.searchsorted(inner, values, side="left").astype(np.int64)
        out_edges = tuple(float(e) for e in inner)
    else:
        if method == "ntile" and reverse:
            # NTILE over the favourable order (most recent last), ties by row
            pos, order = _ordinal_positions(-values, tie_order)
            if ties == "equal":
                pos = _tied_positions(-values, order, last=False)
            good = _ntile(pos, n, bins)
            raw = (bins - 1 - good).astype(np.int64)
        else:
            pos, order = _ordinal_positions(values, tie_order)
            if ties == "equal":
                pos = _tied_positions(values, order, last=reverse)
            if method == "ntile":
                raw = _ntile(pos, n, bins)
            else:  # qcut of the ranks 1..n
                ranks = np.arange(1, n + 1, dtype=np.float64)
                rank_edges = np.quantile(ranks, _quantile_levels(bins))[1:-1]
                raw = np.searchsorted(rank_edges, (pos + 1).astype(np.float64), side="left")
                raw = raw.astype(np.int64)
        out_edges = _value_edges(values, raw, n_bins)
    scores = (n_bins - raw) if reverse else (raw + 1)
    return scores.astype(np.int64), out_edges, n_bins


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class RFMScores(Table):
    """RFM scores of each customer, with the bin edges used (reusable with ``method="fixed"``).

    Attributes
    ----------
    customer_id : ndarray
        Customer id. [-]
    recency_days, frequency, monetary : ndarray of float64
        The values scored: days since the last purchase [days], purchase
        occasions [occasions], total or mean spend [currency].
    recency_score, frequency_score, monetary_score : ndarray of int64
        1 (worst) to ``bins`` (best); recency is reversed (recent is high). [-]
    rfm_code : ndarray of str
        The three scores as a code, ``"545"``. [-]
    frequency_monetary_score : ndarray of float64
        Mean of the frequency and monetary scores (the "FM" of R×FM grids). [-]
    bins : int
        Score scale ``1..bins``.
    method, ties, monetary_column, preset : str or None
        The scoring options used.
    recency_edges, frequency_edges, monetary_edges : tuple of float
        Inner bin edges in value space, ascending; a value ``v`` falls in raw bin
        ``#{edges < v}`` (bins closed on the right).
    n_bins : tuple of int
        Bins actually used per dimension (fewer than ``bins`` only for the
        ``pymc_marketing`` preset, which merges equal quantiles).

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> from ecomops.segmentation import rfm_scores_from_values
    >>> sc = rfm_scores_from_values([5, 50, 300], [4, 2, 1], [400.0, 90.0, 15.0], bins=3)
    >>> sc.rfm_code.tolist(), sc.edges["frequency"]
    (['333', '222', '111'], (1.6666666666666665, 2.6666666666666665))
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(money=("monetary",))

    customer_id: AnyArray
    recency_days: FloatArray
    frequency: FloatArray
    monetary: FloatArray
    recency_score: IntArray
    frequency_score: IntArray
    monetary_score: IntArray
    rfm_code: AnyArray
    frequency_monetary_score: FloatArray
    bins: int
    method: RFMMethod
    ties: RFMTies
    monetary_column: MonetaryColumn
    preset: RFMPreset | None
    recency_edges: tuple[float, ...]
    frequency_edges: tuple[float, ...]
    monetary_edges: tuple[float, ...]
    n_bins: tuple[int, int, int]

    @property
    def edges(self) -> dict[str, tuple[float, ...]]:
        """The edges as ``{"recency": ..., "frequency": ..., "monetary": ...}``, for ``edges=``."""
        return {
            "recency": self.recency_edges,
            "frequency": self.frequency_edges,
            "monetary": self.monetary_edges,
        }


def _check_edges(edges: Any, bins: int) -> dict[str, tuple[float, ...]]:
    if not isinstance(edges, Mapping):
        raise InvalidInputError(
            "edges must be a mapping {'recency': [...], 'frequency': [...], 'monetary': [...]}"
        )
    unknown = set(edges) - set(DIMENSIONS)
    missing = set(DIMENSIONS) - set(edges)
    if unknown or missing:
        raise InvalidInputError(
            f"edges must have the keys recency, frequency and monetary; "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    out = {}
    for dim in DIMENSIONS:
        arr = as_float_array(edges[dim], f"edges[{dim!r}]", ndim=1, allow_inf=True)
        if arr.shape[0] != bins - 1:
            raise InvalidInputError(
                f"edges[{dim!r}] must hold bins - 1 = {bins - 1} inner edges; got {arr.shape[0]}"
            )
        bad = np.zeros(arr.shape, dtype=bool)
        bad[1:] = arr[1:] < arr[:-1]
        raise_at(f"edges[{dim!r}]", "be in ascending order", bad, arr)
        out[dim] = tuple(float(v) for v in arr)
    return out


def rfm_scores_from_values(
    recency_days: Any,
    frequency: Any,
    monetary: Any,
    *,
    customer_ids: Any = None,
    bins: int = 5,
    method: RFMMethod = "quantile",
    edges: Mapping[str, Sequence[float]] | None = None,
    ties: RFMTies = "equal",
    preset: RFMPreset | None = None,
    monetary_column: MonetaryColumn = "total",
) -> RFMScores:
    r"""RFM scores from recency, frequency and monetary columns (see `rfm_scores`).

    The entry point for values computed elsewhere (a warehouse query, a CRM
    export); [`rfm_scores`][ecomops.segmentation.rfm_scores] calls it with the columns of a
    [`CustomerSummary`][ecomops.segmentation.CustomerSummary].

    Parameters
    ----------
    recency_days : array_like
        Days since the last purchase. [days]
    frequency : array_like
        Purchase occasions. [occasions]
    monetary : array_like
        Spend (total or mean). [currency]
    customer_ids : array_like, optional
        Ids, in the same order; ``0..n-1`` if omitted. [-]
    bins, method, edges, ties, preset
        As in [`rfm_scores`][ecomops.segmentation.rfm_scores].
    monetary_column : {"total", "mean"}
        Recorded in the result: what ``monetary`` holds.

    Returns
    -------
    RFMScores

    Raises
    ------
    InvalidInputError
        For NaN or mismatched values, unknown options, or bad ``edges``.

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago
       (quintile RFM scores).

    Examples
    --------
    >>> from ecomops.segmentation import rfm_scores_from_values
    >>> s = rfm_scores_from_values([3, 40, 200, 10], [5, 2, 1, 1], [500.0, 80.0, 20.0, 35.0],
    ...                            bins=4)
    >>> s.rfm_code.tolist()
    ['444', '233', '111', '312']
    """
    check_option(monetary_column, "monetary_column", MONETARY_COLUMNS)
    scoring = _Scoring.of(bins=bins, method=method, ties=ties, edges=edges, preset=preset)
    r = as_float_array(recency_days, "recency_days", ndim=1)
    f = as_float_array(frequency, "frequency", ndim=1)
    m = as_float_array(monetary, "monetary", ndim=1)
    check_same_length(recency_days=r, frequency=f, monetary=m)
    if customer_ids is None:
        ids: AnyArray = np.arange(r.shape[0], dtype=np.int64)
    else:
        ids = as_ids(customer_ids, "customer_ids")
        check_same_length(recency_days=r, customer_ids=ids)
    return scoring.scores(r, f, m, ids, monetary_column=monetary_column)


@dataclasses.dataclass(frozen=True, slots=True)
class _Scoring:
    """The scoring options after a preset is applied and the options are checked."""

    bins: int
    method: RFMMethod
    ties: RFMTies
    edges: dict[str, tuple[float, ...]]
    preset: RFMPreset | None
    compact: bool
    ties_by_id_string: bool

    @classmethod
    def of(
        cls,
        *,
        bins: int,
        method: RFMMethod,
        ties: RFMTies,
        edges: Mapping[str, Sequence[float]] | None,
        preset: RFMPreset | None,
    ) -> _Scoring:
        check_option(method, "method", RFM_METHODS)
        check_option(ties, "ties", RFM_TIES)
        if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or not 2 <= bins <= 9:
            raise InvalidInputError(f"bins must be an integer from 2 to 9; got {bins!r}")
        bins = int(bins)
        compact = by_string = False
        if preset is not None:
            check_option(preset, "preset", RFM_PRESETS)
            if (bins, method, ties, edges) != (5, "quantile", "equal", None):
                raise InvalidInputError(
                    "preset sets bins, method and ties (and uses no edges); pass either a "
                    "preset or those options"
                )
            if preset == "rfm_package":
                method, ties, by_string = "rank", "first", True
            elif preset == "pymc_marketing":
                bins, compact = 4, True
            else:
                method, ties = "ntile", "first"
        if method in ("quantile", "fixed") and ties == "first":
            raise InvalidInputError("ties='first' applies to method='rank' or 'ntile' only")
        if method == "fixed" and edges is None:
            raise InvalidInputError(
                "method='fixed' needs edges (e.g. the .edges of earlier scores)"
            )
        if method != "fixed" and edges is not None:
            raise InvalidInputError("edges are used by method='fixed' only")
        fixed = _check_edges(edges, bins) if edges is not None else {}
        return cls(bins, method, ties, fixed, preset, compact, by_string)

    def scores(
        self,
        recency_days: FloatArray,
        frequency: FloatArray,
        monetary: FloatArray,
        ids: AnyArray,
        *,
        monetary_column: MonetaryColumn,
    ) -> RFMScores:
        """Score the three checked columns of the same customers."""
        tie_order = None
        if self.ties_by_id_string and ids.shape[0]:
            # the rfm package groups by the id as a string: ties go in lexicographic id order
            tie_order, _ = factorize_ids(ids.astype(str), "customer_ids")
        columns = {"recency": recency_days, "frequency": frequency, "monetary": monetary}
        (rs, re_, rn), (fs, fe, fn), (ms, me, mn) = (
            _score_dimension(
                values,
                bins=self.bins,
                method=self.method,
                ties=self.ties,
                reverse=dim == "recency",
                edges=self.edges.get(dim),
                tie_order=tie_order,
                compact=self.compact,
            )
            for dim, values in columns.items()
        )
        return RFMScores(
            customer_id=np.array(ids, copy=True),
            recency_days=np.array(recency_days, copy=True),
            frequency=np.array(frequency, copy=True),
            monetary=np.array(monetary, copy=True),
            recency_score=rs,
            frequency_score=fs,
            monetary_score=ms,
            rfm_code=_RFM_CODES[rs * 100 + fs * 10 + ms],  # single digits (bins <= 9)
            frequency_monetary_score=(fs + ms) / 2.0,
            bins=self.bins,
            method=self.method,
            ties=self.ties,
            monetary_column=monetary_column,
            preset=self.preset,
            recency_edges=re_,
            frequency_edges=fe,
            monetary_edges=me,
            n_bins=(rn, fn, mn),
        )


def rfm_scores(
    summary: CustomerSummary,
    *,
    bins: int = 5,
    method: RFMMethod = "quantile",
    edges: Mapping[str, Sequence[float]] | None = None,
    ties: RFMTies = "equal",
    monetary_column: MonetaryColumn = "total",
    preset: RFMPreset | None = None,
) -> RFMScores:
    r"""Score recency, frequency and monetary value of each customer from 1 to ``bins``.

    Frequency is ``n_occasions``, monetary ``monetary_total`` (or
    ``monetary_mean``), recency ``recency_days`` reversed (recent is high). For
    ``method="quantile"`` the inner edges are the sample quantiles
    $e_j = Q(j/\text{bins})$, $j = 1..\text{bins}-1$ (linear
    interpolation, Hyndman & Fan type 7), and a value $v$ gets

    $$
    s(v) = 1 + \#\{j : e_j < v\} \quad(\text{recency: } s = \text{bins} - \#\{j : e_j < v\})
    $$

    so equal values always share a score, and a value above more quantiles
    than another never scores lower (a score is skipped when quantiles
    coincide, as with heavily tied frequencies).

    Parameters
    ----------
    summary : CustomerSummary
        From [`customer_summary`][ecomops.segmentation.customer_summary].
    bins : int
        Number of scores, 2 to 9. Default 5 (quintiles, Hughes 1994).
    method : {"quantile", "rank", "ntile", "fixed"}
        ``"quantile"``: quantile edges of the values (above). ``"rank"``:
        ``pandas.qcut`` of the ranks ``1..n`` (the ``rfm`` package).
        ``"ntile"``: SQL ``NTILE(bins)`` buckets over the favourable order (the
        first ``n % bins`` buckets hold one more customer). ``"fixed"``: the
        given ``edges``.
    edges : mapping, optional
        For ``method="fixed"``: ``{"recency": [...], "frequency": [...],
        "monetary": [...]}``, each ``bins - 1`` ascending inner edges in value
        space, closed on the right; e.g. the ``.edges`` of earlier scores.
    ties : {"equal", "first"}
        For ``"rank"``/``"ntile"``: ``"equal"`` gives tied customers one score,
        that of the least favourable position of their block; ``"first"`` breaks
        ties by row order (customer id), as the ``rfm`` package does. Default ``"equal"``.
    monetary_column : {"total", "mean"}
        Score ``monetary_total`` (default, the ``rfm`` package) or
        ``monetary_mean`` (pymc-marketing).
    preset : {"rfm_package", "pymc_marketing", "ntile"}, optional
        Reproduce an anchor: ``"rfm_package"`` (rfm 1.0.9: ``qcut`` of
        ``rank(method="first")`` in quintiles, ties in string order of the ids),
        ``"pymc_marketing"`` (``rfm_segments``: quartiles by ``qcut`` with
        ``duplicates="drop"``, fewer bins when quantiles coincide) or ``"ntile"``
        (ordinal quintiles). Excludes ``bins``, ``method``, ``edges``, ``ties``.

    Returns
    -------
    RFMScores
        Scores, codes and the edges used (reusable with ``method="fixed"``).

    Raises
    ------
    InvalidInputError
        For unknown options, ``edges`` out of order or of the wrong length,
        ``ties="first"`` with quantile or fixed edges, or a preset mixed with options.

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
    2. Hyndman, R. J. and Fan, Y. (1996), "Sample quantiles in statistical
       packages", *The American Statistician* 50(4), 361-365,
       doi:10.1080/00031305.1996.10473566 (type 7, linear interpolation).
    3. ISO/IEC 9075-2:2003, SQL window functions: ``NTILE``.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import customer_summary, rfm_scores
    >>> ts = np.array(["2024-01-02", "2024-03-01", "2024-02-10", "2024-03-20", "2024-03-28",
    ...                "2024-01-15"], dtype="datetime64[D]")
    >>> s = customer_summary([1, 1, 2, 2, 2, 3], ts, [20.0, 30.0, 15.0, 25.0, 60.0, 12.0],
    ...                      as_of="2024-03-31")
    >>> sc = rfm_scores(s, bins=3)
    >>> sc.rfm_code.tolist()
    ['222', '333', '111']
    >>> sc.edges["recency"]
    (21.0, 45.33333333333333)
    """
    expect_type(
        summary,
        CustomerSummary,
        "summary",
        advice="; build it with customer_summary, or use rfm_scores_from_values for plain columns",
    )
    check_option(monetary_column, "monetary_column", MONETARY_COLUMNS)
    if preset == "pymc_marketing" and monetary_column != "total":
        raise InvalidInputError(
            "preset 'pymc_marketing' scores the mean spend; omit monetary_column"
        )
    column = "mean" if preset == "pymc_marketing" else monetary_column
    scoring = _Scoring.of(bins=bins, method=method, ties=ties, edges=edges, preset=preset)
    values = summary.monetary_mean if column == "mean" else summary.monetary_total
    return scoring.scores(
        summary.recency_days.astype(np.float64),
        summary.n_occasions.astype(np.float64),
        values,
        summary.customer_id,
        monetary_column=column,
    )
