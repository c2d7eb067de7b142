r"""RFM scores, segment maps and segment summaries (private).

Public names are re-exported by :mod:`ecomops.segmentation`.
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeAlias

import numpy as np
import numpy.typing as npt
from pydantic import Field, PrivateAttr, model_validator

from ecomops._core.columns import as_ids, factorize_ids
from ecomops._core.models import EcomopsModel
from ecomops._core.results import Table
from ecomops._core.typing import (
    MONETARY_COLUMNS,
    RFM_METHODS,
    RFM_PRESETS,
    RFM_TIES,
    SEGMENT_MAP_PRESETS,
    BoolArray,
    FloatArray,
    IntArray,
    MonetaryColumn,
    RFMMethod,
    RFMPreset,
    RFMTies,
    SegmentMapPreset,
)
from ecomops._core.validation import as_float_array, check_option, check_same_length, raise_at
from ecomops._segmentation.summary import CustomerSummary
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CustomerSegments",
    "RFMScores",
    "SegmentMap",
    "SegmentMapWarning",
    "SegmentMigration",
    "SegmentRule",
    "SegmentSummary",
    "rfm_scores",
    "rfm_scores_from_values",
    "segment_customers",
    "segment_migration",
    "segment_summary",
]

AnyArray: TypeAlias = npt.NDArray[Any]
DIMENSIONS = ("recency", "frequency", "monetary")

#: Label of customers in score cells that no rule reaches, when the map has no default.
UNASSIGNED = "Unassigned"
#: Segment of a customer absent from one side of :func:`segment_migration`.
ABSENT = "(absent)"


class SegmentMapWarning(UserWarning):
    """A segment map leaves score cells unassigned or has rules that can never match.

    References
    ----------
    .. [1] Python documentation, :mod:`warnings` (filter it like any ``UserWarning``).

    Examples
    --------
    >>> import warnings
    >>> from ecomops.segmentation import SegmentMap, SegmentMapWarning, SegmentRule
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = SegmentMap(bins=2, rules=(SegmentRule(label="Recent", recency=(2, 2)),))
    >>> caught[0].category is SegmentMapWarning
    True
    """


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


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
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> from ecomops.segmentation import rfm_scores_from_values
    >>> sc = rfm_scores_from_values([5, 50, 300], [4, 2, 1], [400.0, 90.0, 15.0], bins=3)
    >>> sc.rfm_code.tolist(), sc.edges["frequency"]
    (['333', '222', '111'], (1.6666666666666665, 2.6666666666666665))
    """

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
    r"""RFM scores from recency, frequency and monetary columns (see :func:`rfm_scores`).

    The entry point for values computed elsewhere (a warehouse query, a CRM
    export); :func:`rfm_scores` calls it with the columns of a
    :class:`CustomerSummary`.

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
        As in :func:`rfm_scores`.
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
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago
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
    tie_order = None
    if scoring.ties_by_id_string and ids.shape[0]:
        # the rfm package groups by the id as a string: ties go in lexicographic id order
        tie_order, _ = factorize_ids(ids.astype(str), "customer_ids")
    (rs, re_, rn), (fs, fe, fn), (ms, me, mn) = (
        scoring.score(values, dim, tie_order)
        for values, dim in ((r, "recency"), (f, "frequency"), (m, "monetary"))
    )
    codes = (rs * 100 + fs * 10 + ms).astype("U3")  # scores are single digits (bins <= 9)
    return RFMScores(
        customer_id=np.array(ids, copy=True),
        recency_days=np.array(r, copy=True),
        frequency=np.array(f, copy=True),
        monetary=np.array(m, copy=True),
        recency_score=rs,
        frequency_score=fs,
        monetary_score=ms,
        rfm_code=codes,
        frequency_monetary_score=(fs + ms) / 2.0,
        bins=scoring.bins,
        method=scoring.method,
        ties=scoring.ties,
        monetary_column=monetary_column,
        preset=preset,
        recency_edges=re_,
        frequency_edges=fe,
        monetary_edges=me,
        n_bins=(rn, fn, mn),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class _Scoring:
    """The scoring options after a preset is applied and the options are checked."""

    bins: int
    method: RFMMethod
    ties: RFMTies
    edges: dict[str, tuple[float, ...]]
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
        return cls(bins, method, ties, fixed, compact, by_string)

    def score(
        self, values: FloatArray, dim: str, tie_order: IntArray | None
    ) -> tuple[IntArray, tuple[float, ...], int]:
        """Scores, value-space edges and bins used of one dimension."""
        return _score_dimension(
            values,
            bins=self.bins,
            method=self.method,
            ties=self.ties,
            reverse=dim == "recency",
            edges=self.edges.get(dim),
            tie_order=tie_order,
            compact=self.compact,
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
    :math:`e_j = Q(j/\text{bins})`, :math:`j = 1..\text{bins}-1` (linear
    interpolation, Hyndman & Fan type 7), and a value :math:`v` gets

    .. math::

        s(v) = 1 + \#\{j : e_j < v\} \quad(\text{recency: } s = \text{bins} - \#\{j : e_j < v\})

    so equal values always share a score, and a value above more quantiles
    than another never scores lower (a score is skipped when quantiles
    coincide, as with heavily tied frequencies).

    Parameters
    ----------
    summary : CustomerSummary
        From :func:`customer_summary`.
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
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
    .. [2] Hyndman, R. J. and Fan, Y. (1996), "Sample quantiles in statistical
       packages", *The American Statistician* 50(4), 361-365,
       doi:10.1080/00031305.1996.10473566 (type 7, linear interpolation).
    .. [3] ISO/IEC 9075-2:2003, SQL window functions: ``NTILE``.

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
    if not isinstance(summary, CustomerSummary):
        raise InvalidInputError(
            f"summary must be a CustomerSummary (from customer_summary); got "
            f"{type(summary).__name__}; use rfm_scores_from_values for plain columns"
        )
    check_option(monetary_column, "monetary_column", MONETARY_COLUMNS)
    if preset == "pymc_marketing" and monetary_column != "total":
        raise InvalidInputError(
            "preset 'pymc_marketing' scores the mean spend; omit monetary_column"
        )
    column = "mean" if preset == "pymc_marketing" else monetary_column
    values = summary.monetary_mean if column == "mean" else summary.monetary_total
    return rfm_scores_from_values(
        summary.recency_days.astype(np.float64),
        summary.n_occasions.astype(np.float64),
        values,
        customer_ids=summary.customer_id,
        bins=bins,
        method=method,
        edges=edges,
        ties=ties,
        preset=preset,
        monetary_column=column,
    )


# ---------------------------------------------------------------------------
# Segment maps
# ---------------------------------------------------------------------------


class SegmentRule(EcomopsModel):
    """One rule of a :class:`SegmentMap`: a label and the score cells it covers.

    A rule is either a set of score ranges (inclusive; a dimension left out
    matches every score) or an explicit list of cells (``"RFM"`` codes such as
    ``"334"``), not both.

    Attributes
    ----------
    label : str
        Segment name.
    recency, frequency, monetary : tuple of (int, int), optional
        Inclusive score ranges.
    frequency_monetary : tuple of (float, float), optional
        Inclusive range of the mean of the F and M scores (R×FM grids).
    cells : tuple of str, optional
        Explicit ``"RFM"`` codes (pymc-marketing's ``segment_config``).

    References
    ----------
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> SegmentRule(label="Champions", recency=(4, 5), frequency_monetary=(4, 5)).label
    'Champions'
    """

    label: str = Field(min_length=1)
    recency: tuple[int, int] | None = None
    frequency: tuple[int, int] | None = None
    monetary: tuple[int, int] | None = None
    frequency_monetary: tuple[float, float] | None = None
    cells: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> SegmentRule:
        ranges = {
            "recency": self.recency,
            "frequency": self.frequency,
            "monetary": self.monetary,
            "frequency_monetary": self.frequency_monetary,
        }
        for name, rng in ranges.items():
            if rng is not None and rng[0] > rng[1]:
                raise ValueError(
                    f"rule {self.label!r}: {name} range must be (low, high) with low <= high; "
                    f"got {rng}"
                )
        if self.cells is not None:
            if any(v is not None for v in ranges.values()):
                raise ValueError(
                    f"rule {self.label!r}: give either cells or score ranges, not both"
                )
            for cell in self.cells:
                if len(cell) != 3 or not cell.isdigit() or "0" in cell:
                    raise ValueError(
                        f"rule {self.label!r}: cells must be 3-digit RFM codes such as '334'; "
                        f"got {cell!r}"
                    )
        return self

    def matches(self, recency: Any, frequency: Any, monetary: Any) -> BoolArray:
        """Whether the rule covers each ``(R, F, M)`` score triple (vectorised).

        Examples
        --------
        >>> rule = SegmentRule(label="x", recency=(4, 5), frequency=(1, 2))
        >>> rule.matches([5, 3], [1, 1], [2, 2]).tolist()
        [True, False]
        """
        r = np.asarray(recency)
        f = np.asarray(frequency)
        m = np.asarray(monetary)
        if self.cells is not None:
            code = r * 100 + f * 10 + m
            wanted = np.array([int(c) for c in self.cells], dtype=np.int64)
            return np.isin(code, wanted)
        out = np.ones(np.broadcast_shapes(r.shape, f.shape, m.shape), dtype=bool)
        for rng, x in ((self.recency, r), (self.frequency, f), (self.monetary, m)):
            if rng is not None:
                out &= (x >= rng[0]) & (x <= rng[1])
        if self.frequency_monetary is not None:
            fm = (f + m) / 2.0
            out &= (fm >= self.frequency_monetary[0]) & (fm <= self.frequency_monetary[1])
        return out


class SegmentMap(EcomopsModel):
    """Ordered segment rules over R/F/M scores, compiled to a lookup table.

    The first rule that covers a customer's score cell gives the segment
    (first-match, like an ``if/elif`` chain); cells no rule reaches get
    ``default``. Building the map checks it: cells no rule reaches
    (:attr:`unreached_cells`), rules that can never match because earlier rules
    take all their cells (:attr:`dead_rules`), and overlaps (:attr:`overlaps`).
    A map without a default that leaves cells unreached, or with dead rules,
    warns with :class:`SegmentMapWarning` (the shipped presets reproduce
    published maps as they are and are built without warnings).

    Attributes
    ----------
    name : str
        A name for reports.
    bins : int
        Score scale ``1..bins`` the map is written for. Default 5.
    rules : tuple of SegmentRule
        In priority order.
    default : str, optional
        Label of unreached cells; without one they are labelled ``"Unassigned"``.
    labels : tuple of str, optional
        Display order of the segments; must contain every rule label and the
        default (an unknown label is an error).

    Examples
    --------
    >>> from ecomops.segmentation import SegmentMap, SegmentRule
    >>> m = SegmentMap(name="two", bins=3, rules=[
    ...     SegmentRule(label="Active", recency=(2, 3)),
    ...     SegmentRule(label="Lapsed", recency=(1, 1))])
    >>> m.segment_labels, m.dead_rules, len(m.unreached_cells)
    (('Active', 'Lapsed'), (), 0)
    >>> SegmentMap.preset("champions_11").dead_rules
    (3, 4, 8, 10)

    References
    ----------
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
    """

    name: str = ""
    bins: int = Field(5, ge=2, le=9)
    rules: tuple[SegmentRule, ...] = Field(min_length=1)
    default: str | None = None
    labels: tuple[str, ...] | None = None

    _table: IntArray = PrivateAttr()
    _unreached: tuple[str, ...] = PrivateAttr()
    _dead: tuple[int, ...] = PrivateAttr()
    _overlaps: tuple[tuple[int, int, int], ...] = PrivateAttr()

    PRESETS: ClassVar[tuple[SegmentMapPreset, ...]] = SEGMENT_MAP_PRESETS

    def model_post_init(self, context: Any, /) -> None:
        used = [r.label for r in self.rules] + ([self.default] if self.default else [])
        if self.labels is not None:
            unknown = [lab for lab in dict.fromkeys(used) if lab not in self.labels]
            if unknown:
                raise InvalidInputError(
                    f"segment map {self.name!r}: labels {unknown} are not in labels={self.labels}"
                )
            if len(set(self.labels)) != len(self.labels):
                raise InvalidInputError(f"segment map {self.name!r}: labels must be unique")
        b = self.bins
        grid = np.arange(1, b + 1)
        r, f, m = np.meshgrid(grid, grid, grid, indexing="ij")
        table = np.full(r.shape, -1, dtype=np.int64)
        masks = []
        for i, rule in enumerate(self.rules):
            mask = rule.matches(r, f, m)
            masks.append(mask)
            table[mask & (table == -1)] = i
        hits = np.bincount(table[table >= 0], minlength=len(self.rules))
        dead = tuple(int(i) for i in np.flatnonzero(hits == 0))
        overlaps = tuple(
            (i, j, int(np.count_nonzero(masks[i] & masks[j])))
            for i, j in itertools.combinations(range(len(self.rules)), 2)
            if np.any(masks[i] & masks[j])
        )
        unreached = tuple(
            f"{a}{c}{d}" for a, c, d in zip(r[table < 0], f[table < 0], m[table < 0], strict=True)
        )
        table.setflags(write=False)
        self._table = table
        self._unreached = unreached
        self._dead = dead
        self._overlaps = overlaps
        if unreached and self.default is None:
            shown = ", ".join(unreached[:20]) + (" ..." if len(unreached) > 20 else "")
            warnings.warn(
                f"segment map {self.name!r} has no default and leaves {len(unreached)} score "
                f"cells unassigned (labelled {UNASSIGNED!r}): {shown}",
                SegmentMapWarning,
                stacklevel=4,
            )
        if dead:
            shown = ", ".join(f"{i} ({self.rules[i].label!r})" for i in dead)
            warnings.warn(
                f"segment map {self.name!r}: rules {shown} can never match "
                "(earlier rules take all their cells, or they cover none)",
                SegmentMapWarning,
                stacklevel=4,
            )

    @property
    def lookup(self) -> IntArray:
        """Rule index (``-1``: default) of each cell, indexed ``[R - 1, F - 1, M - 1]``."""
        return self._table

    @property
    def unreached_cells(self) -> tuple[str, ...]:
        """``"RFM"`` codes of the cells no rule reaches (they get the default)."""
        return self._unreached

    @property
    def dead_rules(self) -> tuple[int, ...]:
        """Indices of rules that can never match."""
        return self._dead

    @property
    def overlaps(self) -> tuple[tuple[int, int, int], ...]:
        """``(i, j, n_cells)`` for every pair of rules covering common cells (rule i wins)."""
        return self._overlaps

    @property
    def segment_labels(self) -> tuple[str, ...]:
        """Every label a customer can get, in display order."""
        if self.labels is not None:
            return self.labels
        out = list(dict.fromkeys(r.label for r in self.rules))
        fallback = self.default if self.default is not None else UNASSIGNED
        if self._unreached and fallback not in out:
            out.append(fallback)
        elif self.default is not None and self.default not in out:
            out.append(self.default)
        return tuple(out)

    def report(self) -> str:
        """A plain-text check of the map: cells per rule, dead rules, gaps and overlaps.

        Examples
        --------
        >>> print(SegmentMap.preset("rf_10").report().splitlines()[0])
        segment map 'rf_10': 10 rules on a 1-5 scale, 125 cells
        """
        hits = np.bincount(self._table[self._table >= 0], minlength=len(self.rules))
        lines = [
            f"segment map {self.name!r}: {len(self.rules)} rules on a 1-{self.bins} scale, "
            f"{self.bins**3} cells"
        ]
        for i, rule in enumerate(self.rules):
            note = "  (never matches)" if i in self._dead else ""
            lines.append(f"  {i:>2} {rule.label:<28} {int(hits[i]):>4} cells{note}")
        if self._unreached:
            label = self.default if self.default is not None else UNASSIGNED
            lines.append(f"  {len(self._unreached)} cells reach no rule -> {label!r}")
        if self._overlaps:
            lines.append(f"  {len(self._overlaps)} overlapping rule pairs (the earlier rule wins)")
        return "\n".join(lines)

    @classmethod
    def preset(cls, name: SegmentMapPreset) -> SegmentMap:
        """A published segment map, as data.

        ``"rf_10"``: the common 10-segment R×F map (Champions ... Hibernating);
        ``"rfm_package"``: the 10 segments of the ``rfm`` package 1.0.9;
        ``"champions_11"``: the 11-segment R×FM table (Champions ... Lost), whose
        first-match reading leaves 4 rules dead; ``"pymc_marketing"``: the default
        ``segment_config`` of pymc-marketing's ``rfm_segments`` (quartile codes,
        default ``"Other"``).

        Examples
        --------
        >>> SegmentMap.preset("pymc_marketing").bins
        4
        """
        check_option(name, "name", cls.PRESETS)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SegmentMapWarning)
            return cls.model_validate(_PRESET_DATA[name])


def _ranges(label: str, **kw: tuple[float, float]) -> dict[str, Any]:
    return {"label": label, **kw}


_PYMC_CONFIG: dict[str, list[str]] = {
    # pymc_marketing.clv.utils._default_rfm_segment_config (pymc-marketing 0.19.2)
    "Premium Customer": ["334", "443", "444", "344", "434", "433", "343", "333"],
    "Repeat Customer": ["244", "234", "232", "332", "143", "233", "243"],
    "Top Spender": ["424", "414", "144", "314", "324", "124", "224", "423", "413", "133",
                    "323", "313", "134"],
    "At Risk Customer": ["422", "223", "212", "122", "222", "132", "322", "312", "412", "123",
                         "214"],
    "Inactive Customer": ["411", "111", "113", "114", "112", "211", "311"],
}  # fmt: skip

_PRESET_DATA: dict[str, dict[str, Any]] = {
    # The regex map applied to "RF" codes in many RFM tutorials, first match in this order.
    "rf_10": {
        "name": "rf_10",
        "bins": 5,
        "rules": [
            _ranges("Hibernating", recency=(1, 2), frequency=(1, 2)),
            _ranges("At Risk", recency=(1, 2), frequency=(3, 4)),
            _ranges("Can't Lose Them", recency=(1, 2), frequency=(5, 5)),
            _ranges("About to Sleep", recency=(3, 3), frequency=(1, 2)),
            _ranges("Need Attention", recency=(3, 3), frequency=(3, 3)),
            _ranges("Loyal Customers", recency=(3, 4), frequency=(4, 5)),
            _ranges("Promising", recency=(4, 4), frequency=(1, 1)),
            _ranges("New Customers", recency=(5, 5), frequency=(1, 1)),
            _ranges("Potential Loyalists", recency=(4, 5), frequency=(2, 3)),
            _ranges("Champions", recency=(5, 5), frequency=(4, 5)),
        ],
    },
    # rfm 1.0.9, RFM.find_segments: an if/elif chain over r, f, m scores.
    "rfm_package": {
        "name": "rfm_package",
        "bins": 5,
        "rules": [
            _ranges("Champions", recency=(4, 5), frequency=(4, 5), monetary=(4, 5)),
            _ranges("Promising", recency=(4, 5), frequency=(1, 2), monetary=(3, 5)),
            _ranges("Loyal Accounts", recency=(3, 5), frequency=(3, 5), monetary=(3, 5)),
            _ranges("Potential Loyalist", recency=(3, 5), frequency=(2, 3), monetary=(2, 4)),
            _ranges("New Active Accounts", recency=(5, 5), frequency=(1, 1), monetary=(1, 5)),
            _ranges("Low Spenders", recency=(3, 5), frequency=(1, 5), monetary=(1, 2)),
            _ranges("Need Attention", recency=(2, 3), frequency=(1, 2), monetary=(4, 5)),
            _ranges("About to Sleep", recency=(2, 3), frequency=(1, 2), monetary=(1, 3)),
            _ranges("At Risk", recency=(1, 2), frequency=(1, 5), monetary=(3, 5)),
            _ranges("Lost", recency=(1, 2), frequency=(1, 5), monetary=(1, 2)),
        ],
    },
    # The 11-segment R x FM table (R score, mean of F and M scores), in its published order.
    "champions_11": {
        "name": "champions_11",
        "bins": 5,
        "rules": [
            _ranges("Champions", recency=(4, 5), frequency_monetary=(4, 5)),
            _ranges("Loyal Customers", recency=(2, 5), frequency_monetary=(3, 5)),
            _ranges("Potential Loyalist", recency=(3, 5), frequency_monetary=(1, 3)),
            _ranges("Recent Customers", recency=(4, 5), frequency_monetary=(0, 1)),
            _ranges("Promising", recency=(3, 4), frequency_monetary=(0, 1)),
            _ranges("Customers Needing Attention", recency=(2, 3), frequency_monetary=(2, 3)),
            _ranges("About To Sleep", recency=(2, 3), frequency_monetary=(0, 2)),
            _ranges("At Risk", recency=(0, 2), frequency_monetary=(2, 5)),
            _ranges("Can't Lose Them", recency=(0, 1), frequency_monetary=(4, 5)),
            _ranges("Hibernating", recency=(1, 2), frequency_monetary=(1, 2)),
            _ranges("Lost", recency=(0, 2), frequency_monetary=(0, 2)),
        ],
    },
    # pymc-marketing assigns the lists in dict order, a later list overwriting an earlier
    # one: first-match semantics need the reverse order.
    "pymc_marketing": {
        "name": "pymc_marketing",
        "bins": 4,
        "default": "Other",
        "labels": [*_PYMC_CONFIG, "Other"],
        "rules": [{"label": k, "cells": v} for k, v in reversed(_PYMC_CONFIG.items())],
    },
}


# ---------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class CustomerSegments(Table):
    """The segment of each customer and the rule that put them there.

    Attributes
    ----------
    customer_id : ndarray
        Customer id. [-]
    segment : ndarray of str
        Segment label. [-]
    rule : ndarray of int64
        Index of the matched rule in the map; ``-1`` for the default. [-]
    rfm_code : ndarray of str
        The score cell. [-]
    map_name : str
        Name of the segment map.
    labels : tuple of str
        Every label of the map, in display order.

    References
    ----------
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> from ecomops.segmentation import rfm_scores_from_values, segment_customers, SegmentMap
    >>> sc = rfm_scores_from_values([5, 50, 300], [4, 2, 1], [400.0, 90.0, 15.0])
    >>> seg = segment_customers(sc, SegmentMap.preset("rfm_package"))
    >>> seg.segment.tolist(), seg.rule.tolist()
    (['Champions', 'Loyal Accounts', 'Lost'], [0, 2, 9])
    """

    customer_id: AnyArray
    segment: AnyArray
    rule: IntArray
    rfm_code: AnyArray
    map_name: str
    labels: tuple[str, ...]


def segment_customers(scores: RFMScores, segment_map: SegmentMap) -> CustomerSegments:
    """Assign each customer to the first segment rule covering their score cell.

    A table lookup ``lookup[R - 1, F - 1, M - 1]``: every customer gets exactly
    one segment, vectorised over any number of customers.

    Parameters
    ----------
    scores : RFMScores
        From :func:`rfm_scores`, on the map's scale (``scores.bins == segment_map.bins``).
    segment_map : SegmentMap
        The rules, e.g. ``SegmentMap.preset("rf_10")``.

    Returns
    -------
    CustomerSegments

    Raises
    ------
    InvalidInputError
        If the score scale differs from the map's.

    References
    ----------
    .. [1] Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> from ecomops.segmentation import rfm_scores_from_values, segment_customers, SegmentMap
    >>> sc = rfm_scores_from_values([1, 90, 30], [9, 1, 2], [900.0, 10.0, 60.0], bins=5,
    ...                             method="fixed", edges={"recency": [7, 14, 30, 60],
    ...                             "frequency": [1, 2, 4, 8], "monetary": [20, 50, 100, 500]})
    >>> segment_customers(sc, SegmentMap.preset("rf_10")).segment.tolist()
    ['Champions', 'Hibernating', 'About to Sleep']
    """
    if not isinstance(scores, RFMScores):
        raise InvalidInputError(f"scores must be RFMScores; got {type(scores).__name__}")
    if not isinstance(segment_map, SegmentMap):
        raise InvalidInputError(
            f"segment_map must be a SegmentMap; got {type(segment_map).__name__}"
        )
    if scores.bins != segment_map.bins:
        raise InvalidInputError(
            f"scores are on a 1-{scores.bins} scale but segment map {segment_map.name!r} is "
            f"written for 1-{segment_map.bins}"
        )
    idx = segment_map.lookup[
        scores.recency_score - 1, scores.frequency_score - 1, scores.monetary_score - 1
    ]
    fallback = segment_map.default if segment_map.default is not None else UNASSIGNED
    names = np.array([r.label for r in segment_map.rules] + [fallback], dtype=str)
    return CustomerSegments(
        customer_id=np.array(scores.customer_id, copy=True),
        segment=names[idx],  # -1 picks the fallback, the last entry
        rule=idx.astype(np.int64),
        rfm_code=np.array(scores.rfm_code, copy=True),
        map_name=segment_map.name,
        labels=segment_map.segment_labels,
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SegmentSummary(Table):
    """Size, revenue and order value per segment.

    Attributes
    ----------
    segment : ndarray of str
        Segment label, in the map's display order. [-]
    n_customers : ndarray of int64
        Customers. [customers]
    customer_share : ndarray of float64
        Share of customers. [fraction]
    revenue : ndarray of float64
        Sum of ``monetary_total``. [currency]
    revenue_share : ndarray of float64
        Share of revenue. [fraction]
    n_occasions : ndarray of int64
        Purchase occasions. [occasions]
    average_order_value : ndarray of float64
        ``revenue / n_occasions`` (per purchase occasion; NaN for an empty segment). [currency]
    mean_recency_days : ndarray of float64
        Mean days since the last purchase. [days]

    References
    ----------
    .. [1] Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
       Marketing*, Springer, ch. 12, doi:10.1007/978-0-387-72579-6.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import (customer_summary, rfm_scores, segment_customers,
    ...                                   segment_summary, SegmentMap)
    >>> ts = np.array(["2024-03-30", "2024-03-01", "2024-01-05"], dtype="datetime64[D]")
    >>> s = customer_summary([1, 1, 2], ts, [40.0, 60.0, 20.0], as_of="2024-03-31")
    >>> t = segment_summary(segment_customers(rfm_scores(s), SegmentMap.preset("rf_10")), s)
    >>> {str(g): float(v) for g, v in zip(t.segment, t.average_order_value) if v == v}
    {'Hibernating': 20.0, 'Champions': 50.0}
    """

    segment: AnyArray
    n_customers: IntArray
    customer_share: FloatArray
    revenue: FloatArray
    revenue_share: FloatArray
    n_occasions: IntArray
    average_order_value: FloatArray
    mean_recency_days: FloatArray


def segment_summary(segments: CustomerSegments, summary: CustomerSummary) -> SegmentSummary:
    r"""Size, revenue share and average order value of each segment.

    .. math::

        \text{share}_g = \frac{\sum_{i \in g} M_i}{\sum_i M_i}, \qquad
        \text{AOV}_g = \frac{\sum_{i \in g} M_i}{\sum_{i \in g} n_i}

    with :math:`M_i` the customer's ``monetary_total`` and :math:`n_i` their
    purchase occasions.

    Parameters
    ----------
    segments : CustomerSegments
        From :func:`segment_customers`.
    summary : CustomerSummary
        The summary the scores came from (same customers, same order).

    Returns
    -------
    SegmentSummary
        One row per label of the map (empty segments included).

    Raises
    ------
    InvalidInputError
        If the customers of the two inputs differ.

    References
    ----------
    .. [1] Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
       Marketing*, Springer, ch. 12 (RFM analysis), doi:10.1007/978-0-387-72579-6.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import (customer_summary, rfm_scores, segment_customers,
    ...                                   segment_summary, SegmentMap)
    >>> ts = np.array(["2024-03-30", "2024-03-01", "2024-01-05"], dtype="datetime64[D]")
    >>> s = customer_summary([1, 1, 2], ts, [40.0, 60.0, 20.0], as_of="2024-03-31")
    >>> seg = segment_customers(rfm_scores(s, bins=4, preset=None), SegmentMap.preset(
    ...     "pymc_marketing"))
    >>> t = segment_summary(seg, s)
    >>> t.segment.tolist()[:2], t.revenue_share.tolist()[:2]
    (['Premium Customer', 'Repeat Customer'], [0.8333333333333334, 0.0])
    """
    if not isinstance(segments, CustomerSegments):
        raise InvalidInputError(f"segments must be CustomerSegments; got {type(segments).__name__}")
    if not isinstance(summary, CustomerSummary):
        raise InvalidInputError(f"summary must be a CustomerSummary; got {type(summary).__name__}")
    if len(segments) != len(summary) or not np.array_equal(
        segments.customer_id, summary.customer_id
    ):
        raise InvalidInputError(
            "segments and summary must describe the same customers in the same order "
            f"({len(segments)} and {len(summary)} customers)"
        )
    labels = list(segments.labels)
    extra = sorted(set(np.unique(segments.segment).tolist()) - set(labels))
    labels.extend(extra)
    lab = np.array(labels, dtype=str)
    order = np.argsort(lab, kind="stable")
    idx = order[np.searchsorted(lab[order], segments.segment)]
    k = len(labels)
    n = np.bincount(idx, minlength=k).astype(np.int64)
    revenue = np.bincount(idx, weights=summary.monetary_total, minlength=k).astype(np.float64)
    occasions = np.bincount(idx, weights=summary.n_occasions, minlength=k).astype(np.int64)
    recency = np.bincount(idx, weights=summary.recency_days, minlength=k)
    total_revenue = float(revenue.sum())
    total_n = max(int(n.sum()), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        aov = np.where(occasions > 0, revenue / np.maximum(occasions, 1), np.nan)
        mean_recency = np.where(n > 0, recency / np.maximum(n, 1), np.nan)
        revenue_share = revenue / total_revenue if total_revenue != 0 else np.full(k, np.nan)
    return SegmentSummary(
        segment=lab,
        n_customers=n,
        customer_share=n / total_n,
        revenue=revenue,
        revenue_share=np.asarray(revenue_share, dtype=np.float64),
        n_occasions=occasions,
        average_order_value=aov,
        mean_recency_days=mean_recency,
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SegmentMigration(Table):
    """Who moved from which segment to which between two dates.

    Attributes
    ----------
    customer_id : ndarray
        Every customer of either date, sorted. [-]
    segment_before, segment_after : ndarray of str
        Segment at each date; ``"(absent)"`` where the customer is not in that
        date's segmentation (not yet a customer, or out of its window). [-]
    moved : ndarray of bool
        Whether the segment changed. [-]
    from_labels, to_labels : tuple of str
        Row and column labels of :attr:`counts`.
    counts : ndarray of int64, 2-D
        Customers moving from row label to column label.

    References
    ----------
    .. [1] Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
       Marketing*, Springer, ch. 12, doi:10.1007/978-0-387-72579-6.

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import CustomerSegments, segment_migration
    >>> a = CustomerSegments(np.array([1]), np.array(["New"]), np.array([0]),
    ...                      np.array(["511"]), "m", ("New", "Lost"))
    >>> b = CustomerSegments(np.array([1]), np.array(["Lost"]), np.array([1]),
    ...                      np.array(["111"]), "m", ("New", "Lost"))
    >>> segment_migration(a, b).count("New", "Lost")
    1
    """

    customer_id: AnyArray
    segment_before: AnyArray
    segment_after: AnyArray
    moved: BoolArray
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    counts: IntArray

    def count(self, before: str, after: str) -> int:
        """Customers that moved from ``before`` to ``after``.

        Examples
        --------
        >>> from ecomops.segmentation import CustomerSegments, segment_migration
        >>> a = CustomerSegments(np.array([1, 2]), np.array(["A", "B"]), np.array([0, 1]),
        ...                      np.array(["111", "222"]), "m", ("A", "B"))
        >>> b = CustomerSegments(np.array([2, 3]), np.array(["A", "A"]), np.array([0, 0]),
        ...                      np.array(["111", "111"]), "m", ("A", "B"))
        >>> segment_migration(a, b).count("B", "A")
        1
        """
        for lab, labs, side in (
            (before, self.from_labels, "before"),
            (after, self.to_labels, "after"),
        ):
            if lab not in labs:
                raise InvalidInputError(f"{side} must be one of {labs}; got {lab!r}")
        return int(self.counts[self.from_labels.index(before), self.to_labels.index(after)])


def segment_migration(before: CustomerSegments, after: CustomerSegments) -> SegmentMigration:
    r"""Cross-tabulate customers' segments at two dates.

    :math:`N_{gh} = \#\{i : \text{seg}_\text{before}(i) = g, \text{seg}_\text{after}(i) = h\}`,
    over the union of both dates' customers; a customer missing at one date is
    ``"(absent)"`` there.

    Parameters
    ----------
    before, after : CustomerSegments
        Segmentations at the earlier and the later date (same id type).

    Returns
    -------
    SegmentMigration
        Per customer, and the migration matrix.

    Raises
    ------
    InvalidInputError
        If the id types differ (integers and strings).

    References
    ----------
    .. [1] Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
       Marketing*, Springer, ch. 12, doi:10.1007/978-0-387-72579-6
       (migration between RFM cells).

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.segmentation import CustomerSegments, segment_migration
    >>> a = CustomerSegments(np.array([1, 2]), np.array(["Loyal", "New"]), np.array([0, 1]),
    ...                      np.array(["555", "511"]), "m", ("Loyal", "New"))
    >>> b = CustomerSegments(np.array([1, 2, 3]), np.array(["Loyal", "Loyal", "New"]),
    ...                      np.array([0, 0, 1]), np.array(["555", "555", "511"]), "m",
    ...                      ("Loyal", "New"))
    >>> mig = segment_migration(a, b)
    >>> mig.segment_before.tolist(), mig.moved.tolist()
    (['Loyal', 'New', '(absent)'], [False, True, True])
    >>> mig.counts.tolist()
    [[1, 0, 0], [1, 0, 0], [0, 1, 0]]
    """
    for name, seg in (("before", before), ("after", after)):
        if not isinstance(seg, CustomerSegments):
            raise InvalidInputError(f"{name} must be CustomerSegments; got {type(seg).__name__}")
    kinds = {s.customer_id.dtype.kind for s in (before, after) if len(s)}
    if len(kinds - {"i", "u"}) and len(kinds) > 1:
        raise InvalidInputError("before and after must both have integer or both string ids")
    ids = np.union1d(before.customer_id, after.customer_id)

    def aligned(seg: CustomerSegments) -> AnyArray:
        out = np.full(ids.shape[0], ABSENT, dtype=object)
        pos = np.searchsorted(ids, seg.customer_id)
        out[pos] = seg.segment
        return out.astype(str)

    b, a = aligned(before), aligned(after)
    from_labels = tuple(
        dict.fromkeys([*before.labels, *np.unique(before.segment).tolist(), ABSENT])
    )
    to_labels = tuple(dict.fromkeys([*after.labels, *np.unique(after.segment).tolist(), ABSENT]))
    fl = np.array(from_labels, dtype=str)
    tl = np.array(to_labels, dtype=str)
    fo, to = np.argsort(fl, kind="stable"), np.argsort(tl, kind="stable")
    bi = fo[np.searchsorted(fl[fo], b)]
    ai = to[np.searchsorted(tl[to], a)]
    counts = np.bincount(bi * len(to_labels) + ai, minlength=len(from_labels) * len(to_labels))
    matrix = counts.reshape(len(from_labels), len(to_labels)).astype(np.int64)
    matrix.setflags(write=False)
    return SegmentMigration(
        customer_id=ids,
        segment_before=b,
        segment_after=a,
        moved=b != a,
        from_labels=from_labels,
        to_labels=to_labels,
        counts=matrix,
    )
