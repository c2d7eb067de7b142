r"""Keyword metrics for ``ecomops.seo`` (private): KEI, clicks, opportunity, scores."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, overload

import numpy as np
from pydantic import Field, model_validator

from ecomops._core.constraints import NON_NEGATIVE, Constraints, Interval
from ecomops._core.models import EcomopsModel
from ecomops._core.results import Table
from ecomops._core.typing import (
    CTR_CURVE_NAMES,
    ArrayLike,
    CtrCurveName,
    FloatArray,
    IntArray,
    Real,
)
from ecomops._core.validation import (
    as_float_array,
    broadcast,
    check_range,
    is_scalar,
    raise_at,
    read_only_copy,
    series_io,
    to_output,
)
from ecomops._seo.text import check_texts
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CTR_CURVES",
    "CtrCurveName",
    "KeywordScores",
    "ScoreWeights",
    "click_through_rate",
    "estimated_clicks",
    "keyword_effectiveness_index",
    "keyword_opportunity",
    "keyword_scores",
]


#: Published organic click-through rates by position (index 0 = position 1).
#:
#: * ``"sistrix_2020"``: Sistrix (2020-07-14), "Why (almost) everything you
#:   knew about Google CTR is no longer valid", 80 million keywords, average CTR
#:   of positions 1-10 on Google (28.5%, 15.7%, 11.0%, 8.0%, 7.2%, 5.1%, 4.0%,
#:   3.2%, 2.8%, 2.5%).
#: * ``"aol_2006"``: the AOL search log released in August 2006 (Pass,
#:   Chowdhury and Torgeson 2006, doi:10.1145/1146847.1146848), share of all
#:   clicks by result position 1-20 as tabulated from the full log (42.30%,
#:   11.92%, 8.44%, ...; 89.68% of clicks on positions 1-10).
_SISTRIX_2020 = [0.285, 0.157, 0.110, 0.080, 0.072, 0.051, 0.040, 0.032, 0.028, 0.025]
_AOL_2006 = [
    0.4230, 0.1192, 0.0844, 0.0603, 0.0486, 0.0399, 0.0336, 0.0298, 0.0283, 0.0297,
    0.0066, 0.0056, 0.0052, 0.0048, 0.0047, 0.0039, 0.0036, 0.0034, 0.0032, 0.0030,
]  # fmt: skip
CTR_CURVES: Mapping[str, FloatArray] = MappingProxyType(
    dict(
        zip(
            CTR_CURVE_NAMES,
            (read_only_copy(_SISTRIX_2020, np.float64), read_only_copy(_AOL_2006, np.float64)),
            strict=True,
        )
    )
)


def _curve(ctr_curve: Any) -> FloatArray:
    if isinstance(ctr_curve, str):
        if ctr_curve not in CTR_CURVES:
            listed = ", ".join(repr(k) for k in CTR_CURVES)
            raise InvalidInputError(
                f"ctr_curve must be one of {listed} or an array of CTRs; got {ctr_curve!r}"
            )
        return CTR_CURVES[ctr_curve]
    curve = as_float_array(ctr_curve, "ctr_curve", ndim=1)
    if curve.shape[0] == 0:
        raise InvalidInputError("ctr_curve must hold at least one position")
    check_range(curve, "ctr_curve", ge=0.0, le=1.0)
    return curve


def _ctr(position: FloatArray, curve: FloatArray) -> FloatArray:
    """CTR at fractional positions: linear between ranks, to 0 one rank past the curve."""
    n = curve.shape[0]
    xs = np.arange(1.0, n + 2.0)
    ys = np.concatenate((curve, [0.0]))
    out = np.interp(np.nan_to_num(position, nan=np.inf), xs, ys, right=0.0)
    return np.asarray(out, dtype=np.float64)


def _checked(
    value: Any, name: str, *, ge: float, le: float | None = None, ndim: int | None = None
) -> FloatArray:
    """``value`` as a float array (NaN allowed) within ``[ge, le]``."""
    arr = as_float_array(value, name, ndim=ndim, allow_nan=True)
    check_range(arr, name, ge=ge, le=le)
    return arr


_POSITION = Interval(1.0, None, "left")
_DIFFICULTY = Interval(0.0, 100.0, "both")
_CTR = Constraints(position=_POSITION)


@overload
def click_through_rate(position: Real, *, ctr_curve: CtrCurveName | ArrayLike = ...) -> float: ...
@overload
def click_through_rate(
    position: ArrayLike, *, ctr_curve: CtrCurveName | ArrayLike = ...
) -> FloatArray: ...
@series_io
@_CTR.declare
def click_through_rate(
    position: ArrayLike, *, ctr_curve: CtrCurveName | ArrayLike = "sistrix_2020"
) -> float | FloatArray:
    r"""Organic click-through rate at a (possibly fractional) ranking position.

    $$
    \mathrm{CTR}(p) = c_{\lfloor p\rfloor} + (p - \lfloor p\rfloor)
    (c_{\lfloor p\rfloor + 1} - c_{\lfloor p\rfloor})
    $$

    with $c_k$ the curve's CTR at rank $k$ and $c_{n+1} = 0$
    one rank past the curve's last position $n$; beyond that the CTR is 0.

    Parameters
    ----------
    position : float or array_like
        Average ranking position, ``>= 1``; NaN means the page does not rank
        (CTR 0), as keyword tools leave the cell empty. [rank]
    ctr_curve : {"sistrix_2020", "aol_2006"} or array_like
        A bundled curve from `CTR_CURVES`, or CTRs of positions 1, 2, ...
        in [0, 1]. Default Sistrix 2020 (the most recent large study). [-]

    Returns
    -------
    float, ndarray or Series
        Click-through rate. [fraction]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        Position below 1, an unknown curve name, or curve values outside [0, 1].

    References
    ----------
    1. Sistrix (2020-07-14), "Why (almost) everything you knew about Google
       CTR is no longer valid" (80 million keywords).
    2. Pass, G., Chowdhury, A. and Torgeson, C. (2006), "A picture of
       search", InfoScale '06, doi:10.1145/1146847.1146848 (the AOL log).

    Examples
    --------
    >>> click_through_rate(1), click_through_rate(2.5), click_through_rate(11)
    (0.285, 0.1335, 0.0)
    >>> click_through_rate([1, 3, float("nan")], ctr_curve="aol_2006")
    array([0.423 , 0.0844, 0.    ])
    """
    curve = _curve(ctr_curve)
    out: float | FloatArray = _CTR.evaluate(lambda pos: _ctr(pos, curve), position=position)
    return out


_CLICKS = Constraints(volume=NON_NEGATIVE, position=_POSITION)


@overload
def estimated_clicks(
    volume: Real, position: Real, *, ctr_curve: CtrCurveName | ArrayLike = ...
) -> float: ...
@overload
def estimated_clicks(
    volume: ArrayLike, position: ArrayLike, *, ctr_curve: CtrCurveName | ArrayLike = ...
) -> FloatArray: ...
@series_io
@_CLICKS.declare
def estimated_clicks(
    volume: ArrayLike, position: ArrayLike, *, ctr_curve: CtrCurveName | ArrayLike = "sistrix_2020"
) -> float | FloatArray:
    r"""Organic clicks a keyword brings at a ranking position.

    $$
    \text{clicks} = V \cdot \mathrm{CTR}(p)
    $$

    with $\mathrm{CTR}$ from [`click_through_rate`][ecomops.seo.click_through_rate].

    Parameters
    ----------
    volume : float or array_like
        Searches per period, ``>= 0``; NaN propagates. [searches]
    position : float or array_like
        Average ranking position, ``>= 1``; NaN means not ranking (0 clicks). [rank]
    ctr_curve : {"sistrix_2020", "aol_2006"} or array_like
        Click-through curve by position (see
        [`click_through_rate`][ecomops.seo.click_through_rate]). [-]

    Returns
    -------
    float, ndarray or Series
        Expected clicks per period, broadcast over the inputs. [clicks]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        Negative volume, position below 1, a bad curve, or shapes that do not
        broadcast.

    References
    ----------
    1. Sistrix (2020-07-14), "Why (almost) everything you knew about Google
       CTR is no longer valid".
    2. Pass, G., Chowdhury, A. and Torgeson, C. (2006), "A picture of
       search", InfoScale '06, doi:10.1145/1146847.1146848.

    Examples
    --------
    >>> estimated_clicks(10_000, 1)
    2850.0
    >>> estimated_clicks([10_000, 10_000], [3, 3], ctr_curve="aol_2006")
    array([844., 844.])
    """
    curve = _curve(ctr_curve)
    out: float | FloatArray = _CLICKS.evaluate(
        lambda v, p: v * _ctr(p, curve), volume=volume, position=position
    )
    return out


_KEI = Constraints(volume=NON_NEGATIVE, competing_pages=NON_NEGATIVE)


@overload
def keyword_effectiveness_index(volume: Real, competing_pages: Real) -> float: ...
@overload
def keyword_effectiveness_index(volume: ArrayLike, competing_pages: ArrayLike) -> FloatArray: ...
@series_io
@_KEI.declare
def keyword_effectiveness_index(
    volume: ArrayLike, competing_pages: ArrayLike
) -> float | FloatArray:
    r"""Keyword Effectiveness Index (KEI): higher is better.

    $$
    \mathrm{KEI} = \frac{V^2}{\max(C, 1)}
    $$

    Popularity squared over competition (Roy's three axioms: KEI rises with
    popularity, falls with competition, and rises when both grow in the same
    ratio). With no competing pages, Roy's convention applies: KEI = V².

    Parameters
    ----------
    volume : float or array_like
        Searches per period, ``>= 0``; NaN propagates. [searches]
    competing_pages : float or array_like
        Pages (or listings) competing for the exact keyword, ``>= 0``. [pages]

    Returns
    -------
    float, ndarray or Series
        KEI; larger means more searches per competitor. [searches²/page]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        Negative inputs, or shapes that do not broadcast.

    Notes
    -----
    Roy multiplied the ratio by 1000 for display and some tools rescale it;
    ecomops does not (multiply by 1000 to compare with such tools). The index
    only orders keywords with similar intent: a huge-volume head term can beat
    an easier long-tail term because volume is squared.

    References
    ----------
    1. Roy, S., "Keyword Effectiveness Index", 1stSearchRanking.com, as
       adopted by Wordtracker (KEI = Count² / competing pages); glossary
       example: 100 searches and 5,000 pages give KEI 2.

    Examples
    --------
    >>> keyword_effectiveness_index(100, 5_000)
    2.0
    >>> keyword_effectiveness_index([4, 40, 10], [100, 1_000, 0])
    array([  0.16,   1.6 , 100.  ])
    """
    out: float | FloatArray = _KEI.evaluate(_kei, volume=volume, competing_pages=competing_pages)
    return out


def _kei(v: FloatArray, c: FloatArray) -> FloatArray:
    # NaN passes (it propagates); a square beyond float range would be inf, with a warning
    raise_at("volume", f"be < {_SQRT_MAX:.4g} (its square must be finite)", v >= _SQRT_MAX, v)
    return np.asarray(np.where(np.isnan(c), np.nan, v * v / np.maximum(c, 1.0)))


_SQRT_MAX = float(np.sqrt(np.finfo(np.float64).max))

_OPPORTUNITY = Constraints(volume=NON_NEGATIVE, position=_POSITION, difficulty=_DIFFICULTY)


@overload
def keyword_opportunity(
    volume: Real,
    position: Real,
    difficulty: Real,
    *,
    target_position: float = ...,
    ctr_curve: CtrCurveName | ArrayLike = ...,
) -> float: ...
@overload
def keyword_opportunity(
    volume: ArrayLike,
    position: ArrayLike,
    difficulty: ArrayLike,
    *,
    target_position: float = ...,
    ctr_curve: CtrCurveName | ArrayLike = ...,
) -> FloatArray: ...
@series_io
@_OPPORTUNITY.declare
def keyword_opportunity(
    volume: ArrayLike,
    position: ArrayLike,
    difficulty: ArrayLike,
    *,
    target_position: float = 1.0,
    ctr_curve: CtrCurveName | ArrayLike = "sistrix_2020",
) -> float | FloatArray:
    r"""Extra clicks a keyword could bring, discounted by its difficulty.

    $$
    O = V \cdot \max\bigl(\mathrm{CTR}(p^*) - \mathrm{CTR}(p), 0\bigr)
    \cdot \Bigl(1 - \frac{D}{100}\Bigr)
    $$

    The click gain from moving from the current position $p$ to the
    target $p^*$, times the ease $1 - D/100$ read as the chance of
    getting there (difficulty $D$ comes from a keyword tool; its scale
    is 0 = easy, 100 = hard).

    Parameters
    ----------
    volume : float or array_like
        Searches per period, ``>= 0``; NaN propagates. [searches]
    position : float or array_like
        Current average position, ``>= 1``; NaN means not ranking. [rank]
    difficulty : float or array_like
        Keyword difficulty in [0, 100]; NaN propagates. [-]
    target_position : float
        Position aimed at, ``>= 1``; default 1. [rank]
    ctr_curve : {"sistrix_2020", "aol_2006"} or array_like
        Click-through curve (see [`click_through_rate`][ecomops.seo.click_through_rate]). [-]

    Returns
    -------
    float, ndarray or Series
        Incremental clicks per period, ``>= 0`` (0 when already at or above the
        target). [clicks]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        Out-of-range inputs or shapes that do not broadcast.

    References
    ----------
    1. Sistrix (2020-07-14), "Why (almost) everything you knew about Google
       CTR is no longer valid" (the default curve).
    2. Moz, *The Beginner's Guide to SEO*, ch. 3 "Keyword research"
       (search volume, difficulty and organic click-through as the inputs of
       keyword choice).

    Examples
    --------
    >>> keyword_opportunity(10_000, 11, 40)
    1710.0
    >>> keyword_opportunity([10_000, 10_000], [1, float("nan")], [40, 40])
    array([   0., 1710.])
    """
    if not isinstance(target_position, int | float) or isinstance(target_position, bool):
        raise InvalidInputError(f"target_position must be a number; got {target_position!r}")
    if not target_position >= 1.0:
        raise InvalidInputError(f"target_position must be >= 1; got {target_position!r}")
    vol, pos, diff = _OPPORTUNITY.convert(volume=volume, position=position, difficulty=difficulty)
    v, p, d = broadcast(volume=vol, position=pos, difficulty=diff)
    curve = _curve(ctr_curve)
    gain = np.maximum(_ctr(np.array([float(target_position)]), curve)[0] - _ctr(p, curve), 0.0)
    opportunity = np.asarray(v * gain * (1.0 - d / 100.0))
    scalar = is_scalar(volume) and is_scalar(position) and is_scalar(difficulty)
    out: float | FloatArray = to_output(opportunity, scalar)
    return out


class ScoreWeights(EcomopsModel):
    """Weights of the components of [`keyword_scores`][ecomops.seo.keyword_scores].

    Weights are relative (they are divided by their sum over the components in
    use), ``>= 0``, and at least one must be positive.

    Attributes
    ----------
    volume : float
        Search demand. Default 0.30. [-]
    ease : float
        One minus difficulty. Default 0.20. [-]
    intent : float
        Commercial intent read from the cost per click. Default 0.15. [-]
    relevance : float
        Relevance to the shop's listings. Default 0.25. [-]
    position : float
        Headroom above the current position. Default 0.10. [-]

    References
    ----------
    1. Keeney, R. L. and Raiffa, H. (1976), *Decisions with Multiple
       Objectives*, Wiley, ch. 3 (additive value functions on normalised
       attributes).

    Examples
    --------
    >>> ScoreWeights(relevance=0.5).relevance
    0.5
    """

    volume: float = Field(default=0.30, ge=0.0, allow_inf_nan=False)
    ease: float = Field(default=0.20, ge=0.0, allow_inf_nan=False)
    intent: float = Field(default=0.15, ge=0.0, allow_inf_nan=False)
    relevance: float = Field(default=0.25, ge=0.0, allow_inf_nan=False)
    position: float = Field(default=0.10, ge=0.0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _some_positive(self) -> ScoreWeights:
        if self.volume + self.ease + self.intent + self.relevance + self.position <= 0.0:
            raise ValueError("at least one weight must be > 0")
        return self


_COMPONENTS = ("volume", "ease", "intent", "relevance", "position")


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class KeywordScores(Table):
    """Priority scores of keywords, with the components behind them.

    ``score = sum(component_weights[c] * <c>_score)`` over the components in use; the
    weights are normalised to sum to 1, so scores lie in [0, 1].

    Attributes
    ----------
    keyword : ndarray of str or None
        The keywords, when given. [-]
    score : ndarray of float64
        Weighted priority in [0, 1] (NaN where an input is NaN). [-]
    rank : ndarray of int64
        1 = highest score; ties share the best rank; NaN scores rank last. [-]
    volume_score : ndarray of float64
        ``log1p(volume) / log1p(reference_volume)``, clipped to [0, 1]. [-]
    ease_score : ndarray of float64
        ``1 - difficulty / 100``. [-]
    intent_score : ndarray of float64
        ``log1p(cpc) / log1p(reference_cpc)``, clipped to [0, 1]. [-]
    relevance_score : ndarray of float64
        The relevance given, or NaN when none was (weight 0). [-]
    position_score : ndarray of float64
        ``1 - CTR(position) / CTR(1)``: click share still to win (1 when not
        ranking), or NaN when no position was given (weight 0). [-]
    component_weights : dict
        Normalised weights actually applied, by component. [-]

    References
    ----------
    1. See [`keyword_scores`][ecomops.seo.keyword_scores].

    Examples
    --------
    >>> res = keyword_scores([1_000, 100], [30, 30], [1.0, 1.0], keywords=["a", "b"])
    >>> res.keyword[res.order()].tolist()
    ['a', 'b']
    >>> res.component_weights["relevance"]
    0.0
    """

    keyword: np.ndarray | None
    score: FloatArray
    rank: IntArray
    volume_score: FloatArray
    ease_score: FloatArray
    intent_score: FloatArray
    relevance_score: FloatArray
    position_score: FloatArray
    component_weights: dict[str, float]

    def order(self) -> IntArray:
        """Row indices from the highest score to the lowest (NaN last, stable).

        Examples
        --------
        >>> res = keyword_scores([100, 10_000], [20, 20], [1.0, 1.0])
        >>> res.order()
        array([1, 0])
        """
        key = np.where(np.isnan(self.score), np.inf, -self.score)
        return np.argsort(key, kind="stable").astype(np.int64)


def _min_rank(score: FloatArray) -> IntArray:
    """1 = highest; ties share the smallest rank; NaN after every number."""
    n = score.shape[0]
    key = np.where(np.isnan(score), np.inf, -score)
    order = np.argsort(key)  # ties get one rank, so the sort need not be stable
    ordered = key[order]
    start = np.ones(n, dtype=bool)
    start[1:] = ordered[1:] != ordered[:-1]
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = first + 1
    return rank


def _log_share(values: FloatArray, reference: float | None, name: str) -> FloatArray:
    if reference is None:
        top = float(np.fmax.reduce(values)) if values.size else 0.0  # skips NaN
        ref = 0.0 if np.isnan(top) else top
    else:
        if isinstance(reference, bool) or not isinstance(reference, int | float | np.number):
            raise InvalidInputError(f"{name} must be a number; got {reference!r}")
        ref = float(reference)
        if not ref > 0.0 or not np.isfinite(ref):
            raise InvalidInputError(f"{name} must be finite and > 0; got {reference!r}")
    if ref <= 0.0:
        return np.where(np.isnan(values), np.nan, 0.0)
    return np.asarray(np.clip(np.log1p(values) / np.log1p(ref), 0.0, 1.0), dtype=np.float64)


def _position_headroom(position: FloatArray, ctr_curve: Any) -> FloatArray:
    """``1 - CTR(p) / CTR(1)``, the click share still to win, in [0, 1]."""
    curve = _curve(ctr_curve)
    top = curve[0]
    if top <= 0.0:
        raise InvalidInputError("ctr_curve must have a CTR > 0 at position 1")
    return np.asarray(np.clip(1.0 - _ctr(position, curve) / top, 0.0, 1.0), dtype=np.float64)


def _check_same_length(**columns: np.ndarray | None) -> None:
    lengths = {name: len(col) for name, col in columns.items() if col is not None}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{name} has {m}" for name, m in lengths.items())
        raise InvalidInputError(f"inputs must have the same length; {shown}")


def _score_weights(component_weights: Any) -> ScoreWeights:
    if component_weights is None:
        return ScoreWeights()
    if isinstance(component_weights, ScoreWeights):
        return component_weights
    if not isinstance(component_weights, Mapping):
        raise InvalidInputError(
            "component_weights must be a ScoreWeights or a mapping of component weights"
        )
    unknown = sorted(set(component_weights) - set(_COMPONENTS))
    if unknown:
        raise InvalidInputError(
            f"component_weights has unknown components {unknown}; use {list(_COMPONENTS)}"
        )
    try:
        return ScoreWeights(**dict(component_weights))
    except ValueError as exc:
        raise InvalidInputError(f"component_weights are invalid: {exc}") from None


def _normalised_weights(
    component_weights: Any, *, has_relevance: bool, has_position: bool
) -> dict[str, float]:
    """Weights summing to 1 over the components in use (0 for those without input)."""
    w = _score_weights(component_weights)
    raw = {c: float(getattr(w, c)) for c in _COMPONENTS}
    if not has_relevance:
        raw["relevance"] = 0.0
    if not has_position:
        raw["position"] = 0.0
    total = sum(raw.values())
    if total <= 0.0:
        raise InvalidInputError(
            "component_weights must have a positive weight on a component in use"
        )
    return {c: v / total for c, v in raw.items()}


def _weighted_sum(components: Mapping[str, FloatArray], weights: Mapping[str, float]) -> FloatArray:
    """Sum of the weighted components, skipping weight-0 ones (their NaN columns)."""
    score = np.zeros(components["volume"].shape[0])
    for c in _COMPONENTS:
        if weights[c] > 0.0:
            score = score + weights[c] * components[c]
    return score


def keyword_scores(
    volume: ArrayLike,
    difficulty: ArrayLike,
    cpc: ArrayLike,
    *,
    position: ArrayLike | None = None,
    relevance: ArrayLike | None = None,
    keywords: Sequence[str] | np.ndarray | None = None,
    component_weights: ScoreWeights | Mapping[str, float] | None = None,
    reference_volume: float | None = None,
    reference_cpc: float | None = None,
    ctr_curve: CtrCurveName | ArrayLike = "sistrix_2020",
) -> KeywordScores:
    r"""One weighted priority score per keyword, returned with its components.

    $$
    S = \sum_c \tilde w_c\, s_c, \qquad
    \tilde w_c = \frac{w_c}{\sum_{c' \in \text{used}} w_{c'}}
    $$

    over the components $s_c \in [0, 1]$:

    * volume $\log(1+V)/\log(1+V_\text{ref})$ (searches are heavy-tailed,
      so a log scale; $V_\text{ref}$ defaults to the largest volume),
    * ease $1 - D/100$ (difficulty from a keyword tool),
    * intent $\log(1+\text{CPC})/\log(1+\text{CPC}_\text{ref})$:
      advertisers bid more for buying intent,
    * relevance to the shop's listings, in [0, 1] (for example the best
      [`tfidf_similarity`][ecomops.seo.tfidf_similarity] of the keyword to any listing),
    * position headroom $1 - \mathrm{CTR}(p)/\mathrm{CTR}(1)$.

    Components without input (``relevance``/``position`` left out) get weight
    0 and NaN columns. Every component is a fixed transform of its own row or
    of the reference values, so permuting the keywords permutes the result.

    Parameters
    ----------
    volume : array_like
        Searches per period (one period for every keyword, e.g. a month),
        ``>= 0``. [searches/period]
    difficulty : array_like
        Keyword difficulty in [0, 100]. [-]
    cpc : array_like
        Cost per click in paid search, ``>= 0``, in one currency. [currency]
    position : array_like, optional
        Current average position, ``>= 1``, NaN = not ranking. [rank]
    relevance : array_like, optional
        Relevance to the shop's listings in [0, 1]. [-]
    keywords : sequence of str, optional
        Labels carried into the result. [-]
    component_weights : ScoreWeights or mapping, optional
        Component weights; default [`ScoreWeights`][ecomops.seo.ScoreWeights] (volume 0.30, ease
        0.20, intent 0.15, relevance 0.25, position 0.10). [-]
    reference_volume, reference_cpc : float, optional
        Values scoring 1 (fix them to compare scores across exports); default
        the largest in the input. [searches/period], [money/click]
    ctr_curve : {"sistrix_2020", "aol_2006"} or array_like
        Curve for the position headroom. [-]

    Returns
    -------
    KeywordScores
        Table with ``score``, ``rank`` and the five components.

    Raises
    ------
    InvalidInputError
        Out-of-range values, inputs of different lengths, unknown weight names,
        or weights that are all zero over the components in use.

    Notes
    -----
    NaN in volume, difficulty or cpc propagates to that keyword's score (and it
    ranks last). Volumes above ``reference_volume`` score 1.

    References
    ----------
    1. Keeney, R. L. and Raiffa, H. (1976), *Decisions with Multiple
       Objectives*, Wiley, ch. 3 (additive multi-attribute value).
    2. Sistrix (2020-07-14), "Why (almost) everything you knew about Google
       CTR is no longer valid" (the headroom curve).

    Examples
    --------
    >>> res = keyword_scores(
    ...     volume=[12_000, 900, 40],
    ...     difficulty=[80, 30, 10],
    ...     cpc=[2.5, 1.2, 0.3],
    ...     position=[float("nan"), 12, 3],
    ...     relevance=[0.9, 0.8, 0.2],
    ...     keywords=["蓝牙耳机", "蓝牙耳机 降噪", "耳机 测评"],
    ... )
    >>> res.rank
    array([1, 2, 3])
    >>> res.score.round(3)
    array([0.815, 0.752, 0.441])
    """
    vol = _checked(volume, "volume", ge=0.0, ndim=1)
    diff = _checked(difficulty, "difficulty", ge=0.0, le=100.0, ndim=1)
    price = _checked(cpc, "cpc", ge=0.0, ndim=1)
    rel = None if relevance is None else _checked(relevance, "relevance", ge=0.0, le=1.0, ndim=1)
    pos = None if position is None else _checked(position, "position", ge=1.0, ndim=1)
    headroom = None if pos is None else _position_headroom(pos, ctr_curve)
    label = None if keywords is None else np.array(check_texts(keywords, "keywords"), dtype=object)
    _check_same_length(
        volume=vol, difficulty=diff, cpc=price, relevance=rel, position=pos, keywords=label
    )
    weights = _normalised_weights(
        component_weights, has_relevance=rel is not None, has_position=pos is not None
    )
    n = vol.shape[0]
    components = {
        "volume": _log_share(vol, reference_volume, "reference_volume"),
        "ease": np.asarray(1.0 - diff / 100.0, dtype=np.float64),
        "intent": _log_share(price, reference_cpc, "reference_cpc"),
        "relevance": np.full(n, np.nan) if rel is None else np.array(rel, dtype=np.float64),
        "position": np.full(n, np.nan) if headroom is None else headroom,
    }
    score = _weighted_sum(components, weights)
    return KeywordScores(
        keyword=label,
        score=score,
        rank=_min_rank(score),
        volume_score=components["volume"],
        ease_score=components["ease"],
        intent_score=components["intent"],
        relevance_score=components["relevance"],
        position_score=components["position"],
        component_weights=weights,
    )
