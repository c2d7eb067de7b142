r"""Which model forecasts which series: by demand class or by holdout error (private)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from ecomops._core.results import Table
from ecomops._core.typing import (
    FORECAST_METHODS,
    GAP_POLICIES,
    SELECTION_RULES,
    ArrayLike,
    FloatArray,
    ForecastMethod,
    GapPolicy,
    SelectionRule,
)
from ecomops._core.validation import check_option, read_only
from ecomops._forecast.fit import fit_forecast
from ecomops._forecast.metrics import as_panel
from ecomops._inventory.classify import demand_pattern
from ecomops.exceptions import InvalidInputError

__all__ = ["MethodSelection", "select_forecast_method"]

#: The model each Syntetos-Boylan class gets, and why.
PATTERN_RULES: dict[str, tuple[str, str]] = {
    "smooth": ("ses", "smooth demand (ADI < 1.32, CV2 < 0.49): SES"),
    "erratic": ("sba", "erratic demand (ADI < 1.32, CV2 >= 0.49): SBA (Syntetos et al. 2005)"),
    "intermittent": (
        "sba",
        "intermittent demand (ADI >= 1.32, CV2 < 0.49): SBA (Syntetos et al. 2005)",
    ),
    "lumpy": ("sba", "lumpy demand (ADI >= 1.32, CV2 >= 0.49): SBA (Syntetos et al. 2005)"),
    "no_demand": ("naive", "no demand in the history: forecast 0"),
}
#: Candidates of the holdout rule when none are given.
DEFAULT_CANDIDATES: tuple[ForecastMethod, ...] = ("ses", "sba", "tsb")
#: Largest holdout accepted. [periods]
MAX_HOLDOUT = 10_000


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class MethodSelection(Table):
    r"""Result of [`select_forecast_method`][ecomops.forecast.select_forecast_method].

    Attributes
    ----------
    method : ndarray of str
        The model chosen for each series (a ``method`` of
        [`fit_forecast`][ecomops.forecast.fit_forecast]).
    pattern : ndarray of str
        The Syntetos-Boylan class of each series
        ([`demand_pattern`][ecomops.inventory.demand_pattern]).
    reason : ndarray of str
        Why the model was chosen.
    holdout_error : ndarray, shape (n_series, n_candidates), or None
        Root mean squared error of each candidate over the holdout
        (``rule="holdout"``). [units/period]
    candidates : tuple of str
        The candidates, in the column order of ``holdout_error``.
    rule : str
        ``"demand_pattern"`` or ``"holdout"``.

    Examples
    --------
    >>> from ecomops.forecast import select_forecast_method
    >>> sel = select_forecast_method([[5, 6, 5, 4, 6, 5], [0, 0, 9, 0, 0, 1]])
    >>> sel.method.tolist()
    ['ses', 'sba']
    """

    method: Any
    pattern: Any
    reason: Any
    holdout_error: FloatArray | None
    candidates: tuple[str, ...]
    rule: str

    def groups(self) -> dict[str, Any]:
        """Row indices of the series of each chosen model, for one fit per model.

        Returns
        -------
        dict of str to ndarray of int
            For each chosen model, the rows (series) it forecasts.

        Examples
        --------
        >>> from ecomops.forecast import select_forecast_method
        >>> select_forecast_method([[5, 6, 5, 4, 6, 5], [0, 0, 9, 0, 0, 1]]).groups()
        {'sba': array([1]), 'ses': array([0])}
        """
        return {str(m): np.flatnonzero(self.method == m) for m in np.unique(self.method)}


def _candidates(candidates: Sequence[ForecastMethod] | None) -> tuple[ForecastMethod, ...]:
    if candidates is None:
        return DEFAULT_CANDIDATES
    if isinstance(candidates, str) or not isinstance(candidates, Sequence) or not candidates:
        raise InvalidInputError(
            f"candidates must be a non-empty sequence of methods; got {candidates!r}"
        )
    return tuple(check_option(c, "candidates", FORECAST_METHODS) for c in candidates)


def _holdout(
    history: FloatArray, candidates: tuple[ForecastMethod, ...], holdout: int
) -> FloatArray:
    """RMSE of each candidate's forecast over the last ``holdout`` periods, ``(n, k)``."""
    train, test = history[:, :-holdout], history[:, -holdout:]
    errors = np.empty((history.shape[0], len(candidates)))
    for j, method in enumerate(candidates):  # a handful of models, each vectorised over series
        fc = fit_forecast(train, method=method, horizon=holdout)
        errors[:, j] = np.sqrt(((fc.forecast - test) ** 2).mean(axis=1))
    return errors


def select_forecast_method(
    history: ArrayLike,
    *,
    rule: SelectionRule = "demand_pattern",
    candidates: Sequence[ForecastMethod] | None = None,
    holdout_periods: int = 28,
    gaps: GapPolicy = "refuse",
) -> MethodSelection:
    r"""Choose a forecasting model per series, and say why.

    ``rule="demand_pattern"`` (default) classifies each series by its average
    inter-demand interval and the squared CV of its demand sizes
    ([`demand_pattern`][ecomops.inventory.demand_pattern]) and maps the class:

    | class | ADI | CV² | model |
    |---|---|---|---|
    | smooth | < 1.32 | < 0.49 | SES |
    | erratic | < 1.32 | >= 0.49 | SBA |
    | intermittent | >= 1.32 | < 0.49 | SBA |
    | lumpy | >= 1.32 | >= 0.49 | SBA |
    | no demand | – | – | naive (forecast 0) |

    ``rule="holdout"`` fits each candidate on all but the last
    ``holdout_periods`` periods and keeps, per series, the one with the lowest
    root mean squared error over them (ties: the first candidate).

    Parameters
    ----------
    history : array_like
        Demand per period, ``(n_series, n_periods)`` (1-D: one series), >= 0,
        no NaN unless ``gaps="zero"``. [units/period]
    rule : {"demand_pattern", "holdout"}
        How to choose; default ``"demand_pattern"``.
    candidates : sequence of str, optional
        Models the holdout rule compares; default ``("ses", "sba", "tsb")``.
    holdout_periods : int
        Periods held out by the holdout rule, in [1, n_periods - 2]; default 28
        (the M5 horizon). [periods]
    gaps : {"refuse", "zero"}
        What a NaN in the history means: refused (default), or a period
        without sales (read as 0).

    Returns
    -------
    MethodSelection
        ``method``, ``pattern`` and ``reason`` per series (and the holdout
        errors).

    Raises
    ------
    InvalidInputError
        Negative or NaN demand, an unknown rule or candidate, a holdout that
        leaves too short a history, and the errors of
        [`fit_forecast`][ecomops.forecast.fit_forecast] for a candidate.

    Notes
    -----
    Syntetos, Boylan and Croston (2005) derived the cut-offs by comparing the
    mean squared errors of Croston's method and SBA: SBA wins in the erratic,
    intermittent and lumpy classes, Croston in the smooth one; for smooth
    demand ecomops uses SES, which Croston's method reduces to when every
    period has demand (up to the bias correction). TSB (Teunter, Syntetos and
    Babai 2011) updates its demand probability every period and so follows an
    item going obsolete; compare it with the holdout rule. The holdout choice
    uses RMSE, which is minimised by the mean and therefore does not favour a
    forecast of 0 on intermittent series (MAE would). The holdout rule costs
    one fit per candidate.

    References
    ----------
    1. Syntetos, A. A., Boylan, J. E. and Croston, J. D. (2005), "On the
       categorization of demand patterns", *Journal of the Operational Research
       Society* 56(5), 495-503.
    2. Teunter, R. H., Syntetos, A. A. and Babai, M. Z. (2011), "Intermittent
       demand: linking forecasting to inventory obsolescence", *European
       Journal of Operational Research* 214(3), 606-615.
    3. Hyndman, R. J. and Athanasopoulos, G. (2021), *Forecasting: Principles
       and Practice*, 3rd ed., OTexts, §5.8 (holdout evaluation).

    Examples
    --------
    >>> from ecomops.forecast import select_forecast_method
    >>> sel = select_forecast_method([[5, 6, 5, 4, 6, 5], [0, 0, 9, 0, 0, 1], [0, 0, 0, 0, 0, 0]])
    >>> sel.method.tolist(), sel.pattern.tolist()
    (['ses', 'sba', 'naive'], ['smooth', 'lumpy', 'no_demand'])
    >>> str(sel.reason[1])
    'lumpy demand (ADI >= 1.32, CV2 >= 0.49): SBA (Syntetos et al. 2005)'
    """
    how = check_option(rule, "rule", SELECTION_RULES)
    h, _ = as_panel(history, "history", check_option(gaps, "gaps", GAP_POLICIES))
    pattern = np.asarray(demand_pattern(h).pattern)
    if isinstance(holdout_periods, bool) or not isinstance(holdout_periods, int | np.integer):
        raise InvalidInputError(f"holdout_periods must be an int; got {holdout_periods!r}")
    if how == "demand_pattern":
        if candidates is not None:
            raise InvalidInputError("candidates are only used with rule='holdout'")
        method = np.array([PATTERN_RULES[p][0] for p in pattern], dtype="<U27")
        reason = np.array([PATTERN_RULES[p][1] for p in pattern])
        return MethodSelection(
            method=read_only(method), pattern=read_only(pattern), reason=read_only(reason),
            holdout_error=None, candidates=tuple(sorted({v[0] for v in PATTERN_RULES.values()})),
            rule=how,
        )  # fmt: skip
    names = _candidates(candidates)
    n_periods = h.shape[1]
    if not 1 <= holdout_periods <= min(n_periods - 2, MAX_HOLDOUT):
        raise InvalidInputError(
            f"holdout_periods must be in [1, {min(n_periods - 2, MAX_HOLDOUT)}] "
            f"for a history of {n_periods} periods; got {holdout_periods!r}"
        )
    errors = _holdout(h, names, int(holdout_periods))
    best = np.argmin(errors, axis=1)
    method = np.asarray(names, dtype="<U27")[best]
    reason = np.char.add(
        f"lowest RMSE over the last {int(holdout_periods)} periods among {', '.join(names)}: ",
        method,
    )
    return MethodSelection(
        method=read_only(method), pattern=read_only(pattern), reason=read_only(reason),
        holdout_error=read_only(errors), candidates=names, rule=how,
    )  # fmt: skip
