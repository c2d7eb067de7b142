r"""Segment maps over RFM scores, customer segments, segment summaries and migrations (private).

Public names are re-exported by `ecomops.segmentation`.
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Mapping
from typing import Any, ClassVar, TypeAlias

import numpy as np
import numpy.typing as npt
from pydantic import Field, PrivateAttr, model_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.results import Display, Table, display_kinds
from ecomops._core.typing import (
    SEGMENT_MAP_PRESETS,
    BoolArray,
    FloatArray,
    IntArray,
    SegmentMapPreset,
)
from ecomops._core.validation import as_float_array, broadcast, check_option, read_only, series_io
from ecomops._segmentation.rfm import RFMScores, expect_type
from ecomops._segmentation.summary import CustomerSummary
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CustomerSegments",
    "SegmentMap",
    "SegmentMapWarning",
    "SegmentMigration",
    "SegmentRule",
    "SegmentSummary",
    "segment_customers",
    "segment_migration",
    "segment_summary",
]

AnyArray: TypeAlias = npt.NDArray[Any]

#: Label of customers in score cells that no rule reaches, when the map has no default.
UNASSIGNED = "Unassigned"
#: Segment of a customer absent from one side of ``segment_migration``.
ABSENT = "(absent)"


class SegmentMapWarning(UserWarning):
    """A segment map leaves score cells unassigned or has rules that can never match.

    References
    ----------
    1. Python documentation, `warnings` (filter it like any ``UserWarning``).

    Examples
    --------
    >>> import warnings
    >>> from ecomops.segmentation import SegmentMap, SegmentMapWarning, SegmentRule
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = SegmentMap(bins=2, rules=(SegmentRule(label="Recent", recency_score=(2, 2)),))
    >>> caught[0].category is SegmentMapWarning
    True
    """


# ---------------------------------------------------------------------------
# Segment maps
# ---------------------------------------------------------------------------


class SegmentRule(EcomopsModel):
    """One rule of a `SegmentMap`: a label and the score cells it covers.

    A rule is either a set of score ranges (inclusive; a dimension left out
    matches every score) or an explicit list of cells (``"RFM"`` codes such as
    ``"334"``), not both.

    Attributes
    ----------
    label : str
        Segment name.
    recency_score, frequency_score, monetary_score : tuple of (int, int), optional
        Inclusive score ranges.
    frequency_monetary_score : tuple of (float, float), optional
        Inclusive range of the mean of the F and M scores (R×FM grids).
    cells : tuple of str, optional
        Explicit ``"RFM"`` codes (pymc-marketing's ``segment_config``).

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> SegmentRule(label="Champions", recency_score=(4, 5), frequency_monetary_score=(4, 5)).label
    'Champions'
    """

    label: str = Field(min_length=1)
    recency_score: tuple[int, int] | None = None
    frequency_score: tuple[int, int] | None = None
    monetary_score: tuple[int, int] | None = None
    frequency_monetary_score: tuple[float, float] | None = None
    cells: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> SegmentRule:
        ranges = {
            "recency_score": self.recency_score,
            "frequency_score": self.frequency_score,
            "monetary_score": self.monetary_score,
            "frequency_monetary_score": self.frequency_monetary_score,
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

    @series_io
    def matches(self, recency_score: Any, frequency_score: Any, monetary_score: Any) -> BoolArray:
        """Whether the rule covers each ``(R, F, M)`` score triple (vectorised).

        Examples
        --------
        >>> rule = SegmentRule(label="x", recency_score=(4, 5), frequency_score=(1, 2))
        >>> rule.matches([5, 3], [1, 1], [2, 2]).tolist()
        [True, False]
        """
        r, f, m = broadcast(
            recency_score=as_float_array(recency_score, "recency_score"),
            frequency_score=as_float_array(frequency_score, "frequency_score"),
            monetary_score=as_float_array(monetary_score, "monetary_score"),
        )  # a NaN score is refused: a boolean answer cannot carry it
        if self.cells is not None:
            code = r * 100 + f * 10 + m
            wanted = np.array([int(c) for c in self.cells], dtype=np.int64)
            return np.isin(code, wanted)
        out = np.ones(r.shape, dtype=bool)
        for rng, x in (
            (self.recency_score, r),
            (self.frequency_score, f),
            (self.monetary_score, m),
        ):
            if rng is not None:
                out &= (x >= rng[0]) & (x <= rng[1])
        if self.frequency_monetary_score is not None:
            fm = (f + m) / 2.0
            out &= (fm >= self.frequency_monetary_score[0]) & (
                fm <= self.frequency_monetary_score[1]
            )
        return out


class SegmentMap(EcomopsModel):
    """Ordered segment rules over R/F/M scores, compiled to a lookup table.

    The first rule that covers a customer's score cell gives the segment
    (first-match, like an ``if/elif`` chain); cells no rule reaches get
    ``default``. Building the map checks it: cells no rule reaches
    (`unreached_cells`), rules that can never match because earlier rules
    take all their cells (`dead_rules`), and overlaps (`overlaps`).
    A map without a default that leaves cells unreached, or with dead rules,
    warns with [`SegmentMapWarning`][ecomops.segmentation.SegmentMapWarning] (the
    shipped presets reproduce published maps as they are and are built without
    warnings).

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
    ...     SegmentRule(label="Active", recency_score=(2, 3)),
    ...     SegmentRule(label="Lapsed", recency_score=(1, 1))])
    >>> m.segment_labels, m.dead_rules, len(m.unreached_cells)
    (('Active', 'Lapsed'), (), 0)
    >>> SegmentMap.preset("champions_11").dead_rules
    (3, 4, 8, 10)

    References
    ----------
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.
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
        self._table = read_only(table)
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


def _rules(dimensions: str, table: str) -> list[dict[str, Any]]:
    """Score-range rules from a table: a label, then one ``low-high`` range per dimension."""
    names = dimensions.split()
    rules = []
    for line in table.strip().splitlines():
        words = line.split()
        label, ranges = " ".join(words[: -len(names)]), words[-len(names) :]
        bounds = [tuple(int(v) for v in r.split("-")) for r in ranges]
        rules.append({"label": label, **dict(zip(names, bounds, strict=True))})
    return rules


PYMC_SEGMENT_CONFIG: dict[str, list[str]] = {
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
        "rules": _rules(
            "recency_score frequency_score",
            """
            Hibernating          1-2  1-2
            At Risk              1-2  3-4
            Can't Lose Them      1-2  5-5
            About to Sleep       3-3  1-2
            Need Attention       3-3  3-3
            Loyal Customers      3-4  4-5
            Promising            4-4  1-1
            New Customers        5-5  1-1
            Potential Loyalists  4-5  2-3
            Champions            5-5  4-5
            """,
        ),
    },
    # rfm 1.0.9, RFM.find_segments: an if/elif chain over r, f, m scores.
    "rfm_package": {
        "name": "rfm_package",
        "bins": 5,
        "rules": _rules(
            "recency_score frequency_score monetary_score",
            """
            Champions            4-5  4-5  4-5
            Promising            4-5  1-2  3-5
            Loyal Accounts       3-5  3-5  3-5
            Potential Loyalist   3-5  2-3  2-4
            New Active Accounts  5-5  1-1  1-5
            Low Spenders         3-5  1-5  1-2
            Need Attention       2-3  1-2  4-5
            About to Sleep       2-3  1-2  1-3
            At Risk              1-2  1-5  3-5
            Lost                 1-2  1-5  1-2
            """,
        ),
    },
    # The 11-segment R x FM table (R score, mean of F and M scores), in its published order.
    "champions_11": {
        "name": "champions_11",
        "bins": 5,
        "rules": _rules(
            "recency_score frequency_monetary_score",
            """
            Champions                    4-5  4-5
            Loyal Customers              2-5  3-5
            Potential Loyalist           3-5  1-3
            Recent Customers             4-5  0-1
            Promising                    3-4  0-1
            Customers Needing Attention  2-3  2-3
            About To Sleep               2-3  0-2
            At Risk                      0-2  2-5
            Can't Lose Them              0-1  4-5
            Hibernating                  1-2  1-2
            Lost                         0-2  0-2
            """,
        ),
    },
    # pymc-marketing assigns the lists in dict order, a later list overwriting an earlier
    # one: first-match semantics need the reverse order.
    "pymc_marketing": {
        "name": "pymc_marketing",
        "bins": 4,
        "default": "Other",
        "labels": [*PYMC_SEGMENT_CONFIG, "Other"],
        "rules": [{"label": k, "cells": v} for k, v in reversed(PYMC_SEGMENT_CONFIG.items())],
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
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

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
        From [`rfm_scores`][ecomops.segmentation.rfm_scores], on the map's scale
        (``scores.bins == segment_map.bins``).
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
    1. Hughes, A. M. (1994), *Strategic Database Marketing*, Probus, Chicago.

    Examples
    --------
    >>> from ecomops.segmentation import rfm_scores_from_values, segment_customers, SegmentMap
    >>> sc = rfm_scores_from_values([1, 90, 30], [9, 1, 2], [900.0, 10.0, 60.0], bins=5,
    ...                             method="fixed", edges={"recency": [7, 14, 30, 60],
    ...                             "frequency": [1, 2, 4, 8], "monetary": [20, 50, 100, 500]})
    >>> segment_customers(sc, SegmentMap.preset("rf_10")).segment.tolist()
    ['Champions', 'Hibernating', 'About to Sleep']
    """
    expect_type(scores, RFMScores, "scores")
    expect_type(segment_map, SegmentMap, "segment_map")
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
    1. Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
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

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "revenue",
            "average_order_value",
        ),
        share=(
            "customer_share",
            "revenue_share",
        ),
        count=(
            "n_customers",
            "n_occasions",
        ),
    )

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

    $$
    \text{share}_g = \frac{\sum_{i \in g} M_i}{\sum_i M_i}, \qquad
    \text{AOV}_g = \frac{\sum_{i \in g} M_i}{\sum_{i \in g} n_i}
    $$

    with $M_i$ the customer's ``monetary_total`` and $n_i$ their
    purchase occasions.

    Parameters
    ----------
    segments : CustomerSegments
        From [`segment_customers`][ecomops.segmentation.segment_customers].
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
    1. Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
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
    expect_type(segments, CustomerSegments, "segments")
    expect_type(summary, CustomerSummary, "summary")
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
        Row and column labels of `counts`.
    counts : ndarray of int64, 2-D
        Customers moving from row label to column label.

    References
    ----------
    1. Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
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

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(count=("counts",))

    customer_id: AnyArray
    segment_before: AnyArray
    segment_after: AnyArray
    moved: BoolArray
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    counts: IntArray

    def count(self, segment_before: str, segment_after: str) -> int:
        """Customers in ``segment_before`` at the first date and ``segment_after`` at the second.

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
        check_option(segment_before, "segment_before", self.from_labels)
        check_option(segment_after, "segment_after", self.to_labels)
        row = self.from_labels.index(segment_before)
        return int(self.counts[row, self.to_labels.index(segment_after)])


def segment_migration(before: CustomerSegments, after: CustomerSegments) -> SegmentMigration:
    r"""Cross-tabulate customers' segments at two dates.

    $N_{gh} = \#\{i : \text{seg}_\text{before}(i) = g, \text{seg}_\text{after}(i) = h\}$,
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
    1. Blattberg, R. C., Kim, B.-D. and Neslin, S. A. (2008), *Database
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
        expect_type(seg, CustomerSegments, name)
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
    matrix = read_only(counts.reshape(len(from_labels), len(to_labels)).astype(np.int64))
    return SegmentMigration(
        customer_id=ids,
        segment_before=b,
        segment_after=a,
        moved=b != a,
        from_labels=from_labels,
        to_labels=to_labels,
        counts=matrix,
    )
