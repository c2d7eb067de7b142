r"""Forecast accuracy metrics, vectorised across series (private).

Every metric takes ``actual`` and ``forecast`` of one shape: 1-D for one series
(a Python ``float`` comes back) or 2-D ``(n_series, horizon)`` (one value per
series comes back). The scaled metrics also take the in-sample ``history``
``(n_series, n_periods)`` that scales the error. NaN and infinities are
refused in every input: an accuracy figure computed over silently fewer
periods is not comparable with its neighbours.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._core.typing import (
    ZERO_ACTUAL_POLICIES,
    ArrayLike,
    FloatArray,
    ZeroActualPolicy,
)
from ecomops._core.validation import (
    as_float_array,
    as_real_scalar,
    check_option,
    raise_at,
    read_only,
    series_io,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "forecast_bias",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_absolute_scaled_error",
    "pinball_loss",
    "revenue_weights",
    "root_mean_squared_error",
    "root_mean_squared_scaled_error",
    "scaled_pinball_loss",
    "symmetric_mean_absolute_percentage_error",
    "weighted_absolute_percentage_error",
    "weighted_root_mean_squared_scaled_error",
]

#: Length of the window of the M5 weights: dollar sales of the last 28 days.
M5_WEIGHT_PERIODS = 28


# ---------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------


def as_panel(value: Any, name: str, gaps: str = "refuse") -> tuple[FloatArray, bool]:
    """A finite float array as ``(n_series, n_periods)``, and whether it was 1-D.

    With ``gaps="zero"`` a NaN is read as a period without sales (0); otherwise
    NaN is refused.
    """
    if gaps == "zero":
        arr = np.nan_to_num(as_float_array(value, name, allow_nan=True), nan=0.0)
        raise_at(name, "be finite", np.isinf(arr), arr)
    else:
        arr = as_float_array(value, name)
    if arr.ndim not in (1, 2):
        raise InvalidInputError(
            f"{name} must be 1-D (one series) or 2-D (series x periods); got shape {arr.shape}"
        )
    one = arr.ndim == 1
    panel = arr[None, :] if one else arr
    if panel.shape[1] == 0:
        raise InvalidInputError(f"{name} must have at least one period; got shape {arr.shape}")
    return panel, one


def _pair(actual: Any, forecast: Any) -> tuple[FloatArray, FloatArray, bool]:
    a, one = as_panel(actual, "actual")
    f, _ = as_panel(forecast, "forecast")
    if f.shape != a.shape:
        raise InvalidInputError(
            f"forecast must have the shape of actual {np.shape(actual)}; got {np.shape(forecast)}"
        )
    return a, f, one


def _out(values: FloatArray, one: bool) -> Any:
    if one:
        return float(values[0])
    return read_only(np.array(values, dtype=np.float64))


def _season_length(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"season_length must be an int >= 1; got {value!r}")
    if value < 1:
        raise InvalidInputError(f"season_length must be >= 1; got {value!r}")
    return int(value)


def naive_scale(history: Any, n_series: int, season_length: Any, power: int) -> FloatArray:
    r"""In-sample error of the (seasonal) naive forecast, $\frac1{n-m}\sum|y_t-y_{t-m}|^p$."""
    m = _season_length(season_length)
    h, _ = as_panel(history, "history")
    if h.shape[0] != n_series:
        raise InvalidInputError(
            f"history must have one row per series ({n_series}); got {h.shape[0]} rows"
        )
    if h.shape[1] <= m:
        raise InvalidInputError(
            f"history must have more than season_length ({m}) periods; got {h.shape[1]}"
        )
    diff = np.abs(h[:, m:] - h[:, :-m]) ** power
    scale: FloatArray = diff.mean(axis=1)
    raise_at(
        "history",
        f"vary in-sample (the naive error that scales the metric is 0 for a constant "
        f"series at lag {m}); use an unscaled metric for it",
        scale == 0,
        scale,
    )
    return scale


def _quantile(value: Any, n_series: int) -> FloatArray:
    q = as_float_array(value, "quantile")
    if q.ndim > 1 or (q.ndim == 1 and q.shape[0] != n_series):
        raise InvalidInputError(
            f"quantile must be one fraction or one per series ({n_series}); got shape {q.shape}"
        )
    raise_at("quantile", "be in (0, 1)", (q <= 0) | (q >= 1), q)
    return q[:, None] if q.ndim == 1 else q


# ---------------------------------------------------------------------------
# Absolute and percentage errors
# ---------------------------------------------------------------------------


def mean_absolute_error(actual: ArrayLike, forecast: ArrayLike) -> Any:
    r"""Mean absolute error per series, $\mathrm{MAE} = \frac1h\sum_t |y_t - \hat y_t|$.

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]

    Returns
    -------
    float or ndarray
        One MAE per series (a float for 1-D input). [units]

    Raises
    ------
    InvalidInputError
        NaN or infinite values, shapes that differ, no period.

    Notes
    -----
    In the units of the series, so it cannot be averaged across SKUs of
    different volume; see `mean_absolute_scaled_error` for that.

    References
    ----------
    1. Hyndman, R. J. and Koehler, A. B. (2006), "Another look at measures of
       forecast accuracy", *International Journal of Forecasting* 22(4),
       679-688, doi:10.1016/j.ijforecast.2006.03.001.

    Examples
    --------
    >>> from ecomops.forecast import mean_absolute_error
    >>> mean_absolute_error([3, 0, 5, 2], [2, 1, 4, 4])
    1.25
    """
    a, f, one = _pair(actual, forecast)
    return _out(np.abs(a - f).mean(axis=1), one)


def root_mean_squared_error(actual: ArrayLike, forecast: ArrayLike) -> Any:
    r"""Root mean squared error per series, $\sqrt{\frac1h\sum_t (y_t-\hat y_t)^2}$.

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]

    Returns
    -------
    float or ndarray
        One RMSE per series. [units]

    Raises
    ------
    InvalidInputError
        NaN or infinite values, shapes that differ, no period.

    Notes
    -----
    Minimised by the mean of the predictive distribution (MAE by its median):
    on intermittent demand, MAE rewards a forecast of zero, RMSE does not.

    References
    ----------
    1. Hyndman, R. J. and Athanasopoulos, G. (2021), *Forecasting: Principles
       and Practice*, 3rd ed., OTexts, §5.8.

    Examples
    --------
    >>> from ecomops.forecast import root_mean_squared_error
    >>> round(root_mean_squared_error([3, 0, 5, 2], [2, 1, 4, 4]), 6)
    1.322876
    """
    a, f, one = _pair(actual, forecast)
    return _out(np.sqrt(((a - f) ** 2).mean(axis=1)), one)


def mean_absolute_percentage_error(
    actual: ArrayLike, forecast: ArrayLike, *, zero_actual: ZeroActualPolicy = "refuse"
) -> Any:
    r"""Mean absolute percentage error per series, as a fraction.

    $$
    \mathrm{MAPE} = \frac{1}{|T|}\sum_{t \in T} \frac{|y_t-\hat y_t|}{|y_t|}
    $$

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]
    zero_actual : {"refuse", "exclude"}
        What to do with periods whose actual is 0, where the ratio is undefined:
        ``"refuse"`` (default) refuses them; ``"exclude"`` leaves them out of
        $T$ (a series whose actuals are all 0 is still refused).

    Returns
    -------
    float or ndarray
        One MAPE per series, a fraction (0.1 is 10%). [fraction]

    Raises
    ------
    InvalidInputError
        A zero actual under ``"refuse"``, a series of zero actuals under
        ``"exclude"``, NaN or infinite values, shapes that differ.

    Notes
    -----
    Known flaws (Hyndman and Koehler 2006): undefined at zero actuals and
    explosive near them, so useless on intermittent demand; asymmetric,
    since an over-forecast can cost any amount but an under-forecast of a
    positive series at most 1, so minimising MAPE biases forecasts low. Prefer
    `weighted_absolute_percentage_error` or `mean_absolute_scaled_error` for
    SKU demand. utilsforecast's ``mape`` turns zero actuals into NaN and
    averages what is left, which is ``"exclude"`` here.

    References
    ----------
    1. Hyndman, R. J. and Koehler, A. B. (2006), "Another look at measures of
       forecast accuracy", *International Journal of Forecasting* 22(4),
       679-688, doi:10.1016/j.ijforecast.2006.03.001.

    Examples
    --------
    >>> from ecomops.forecast import mean_absolute_percentage_error
    >>> mean_absolute_percentage_error([4, 2, 5], [2, 1, 4])
    0.4
    >>> mean_absolute_percentage_error([4, 0, 5], [2, 1, 4], zero_actual="exclude")
    0.35
    """
    a, f, one = _pair(actual, forecast)
    policy = check_option(zero_actual, "zero_actual", ZERO_ACTUAL_POLICIES)
    zero = a == 0
    if policy == "refuse":
        raise_at(
            "actual",
            "be non-zero for a percentage error (pass zero_actual='exclude' to leave "
            "those periods out, or use weighted_absolute_percentage_error)",
            zero,
            a,
        )
    counts = (~zero).sum(axis=1)
    raise_at(
        "actual",
        "have a non-zero value in each series for a percentage error",
        counts == 0,
        counts,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(zero, 0.0, np.abs(a - f) / np.abs(a))
    return _out(ratio.sum(axis=1) / counts, one)


def symmetric_mean_absolute_percentage_error(actual: ArrayLike, forecast: ArrayLike) -> Any:
    r"""Symmetric MAPE per series, as a fraction in [0, 2].

    $$
    \mathrm{sMAPE} = \frac1h\sum_t \frac{2\,|y_t-\hat y_t|}{|y_t|+|\hat y_t|},
    \qquad \frac{0}{0} := 0
    $$

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]

    Returns
    -------
    float or ndarray
        One sMAPE per series, in [0, 2]. [fraction]

    Raises
    ------
    InvalidInputError
        NaN or infinite values, shapes that differ, no period.

    Notes
    -----
    A period where actual and forecast are both 0 is a perfect forecast and
    counts 0 (utilsforecast's convention); a period where only one of them is
    0 counts the maximum, 2, whatever the other's size, which is why sMAPE
    punishes intermittent demand arbitrarily. Despite its name it is not
    symmetric: for the same absolute error an under-forecast costs more than
    an over-forecast (Goodwin and Lawton 1999). The M3/M4 convention in
    percent is 100 times this value; utilsforecast's ``smape`` omits the 2
    (half of this value).

    References
    ----------
    1. Hyndman, R. J. and Koehler, A. B. (2006), "Another look at measures of
       forecast accuracy", *International Journal of Forecasting* 22(4), 679-688.
    2. Goodwin, P. and Lawton, R. (1999), "On the asymmetry of the symmetric
       MAPE", *International Journal of Forecasting* 15(4), 405-408.

    Examples
    --------
    >>> from ecomops.forecast import symmetric_mean_absolute_percentage_error
    >>> round(symmetric_mean_absolute_percentage_error([4, 0, 5], [2, 0, 4]), 6)
    0.296296
    """
    a, f, one = _pair(actual, forecast)
    den = np.abs(a) + np.abs(f)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(den == 0, 0.0, 2.0 * np.abs(a - f) / den)
    return _out(term.mean(axis=1), one)


def weighted_absolute_percentage_error(actual: ArrayLike, forecast: ArrayLike) -> Any:
    r"""Weighted absolute percentage error per series, $\sum_t|y_t-\hat y_t| / \sum_t|y_t|$.

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]

    Returns
    -------
    float or ndarray
        One WAPE per series (MAE over mean absolute actual). [fraction]

    Raises
    ------
    InvalidInputError
        A series whose actuals are all 0 (the ratio is undefined), NaN or
        infinite values, shapes that differ.

    Notes
    -----
    Also called MAD/mean ratio. Defined at zero actuals as long as the
    series sells at all, so it suits intermittent demand; for a panel total,
    sum the errors and actuals yourself (a volume-weighted WAPE).

    References
    ----------
    1. Kolassa, S. and Schütz, W. (2007), "Advantages of the MAD/MEAN ratio
       over the MAPE", *Foresight* 6, 40-43.

    Examples
    --------
    >>> from ecomops.forecast import weighted_absolute_percentage_error
    >>> weighted_absolute_percentage_error([4, 0, 6], [2, 1, 4])
    0.5
    """
    a, f, one = _pair(actual, forecast)
    total = np.abs(a).sum(axis=1)
    raise_at("actual", "have a non-zero value in each series for WAPE", total == 0, total)
    return _out(np.abs(a - f).sum(axis=1) / total, one)


def forecast_bias(actual: ArrayLike, forecast: ArrayLike) -> Any:
    r"""Mean forecast error per series, $\frac1h\sum_t(\hat y_t-y_t)$: positive over-forecasts.

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]

    Returns
    -------
    float or ndarray
        One bias per series, forecast minus actual. [units/period]

    Raises
    ------
    InvalidInputError
        NaN or infinite values, shapes that differ, no period.

    Notes
    -----
    Sign convention: forecast minus actual, so a positive bias means stock
    builds up. Residuals (``actual - fitted``) have the opposite sign.
    Croston's method is biased upwards on intermittent demand; SBA removes
    most of it (Syntetos and Boylan 2005).

    References
    ----------
    1. Syntetos, A. A. and Boylan, J. E. (2005), "The accuracy of intermittent
       demand estimates", *International Journal of Forecasting* 21(2), 303-314.

    Examples
    --------
    >>> from ecomops.forecast import forecast_bias
    >>> forecast_bias([3, 0, 5, 2], [2, 1, 4, 4])
    0.25
    """
    a, f, one = _pair(actual, forecast)
    return _out((f - a).mean(axis=1), one)


# ---------------------------------------------------------------------------
# Scaled errors
# ---------------------------------------------------------------------------


def mean_absolute_scaled_error(
    actual: ArrayLike, forecast: ArrayLike, history: ArrayLike, *, season_length: int = 1
) -> Any:
    r"""Mean absolute scaled error per series (Hyndman and Koehler 2006).

    $$
    \mathrm{MASE} = \frac{\frac1h\sum_t |y_t-\hat y_t|}
                         {\frac1{n-m}\sum_{t=m+1}^{n}|y_t-y_{t-m}|}
    $$

    the out-of-sample MAE over the in-sample MAE of the (seasonal) naive
    forecast on ``history``.

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]
    history : array_like
        The in-sample series the model was fitted on, ``(n_series, n_periods)``
        (1-D for one series), more than ``season_length`` periods. [units]
    season_length : int
        Lag $m$ of the naive forecast: 1 (default, naive) or the season
        length (7 for daily data with a weekly cycle). [periods]

    Returns
    -------
    float or ndarray
        One MASE per series; below 1 beats the in-sample naive forecast. [-]

    Raises
    ------
    InvalidInputError
        A history that is constant at lag $m$ (zero scale), shapes that
        differ, NaN or infinite values.

    Notes
    -----
    Scale-free, defined at zero actuals, comparable across SKUs. The M5
    competition drops a series' leading zeros before its first sale from the
    scale; pass ``history[first_sale:]`` to do the same. Equal to
    utilsforecast's ``mase`` (0.2.17) for the same seasonality.

    References
    ----------
    1. Hyndman, R. J. and Koehler, A. B. (2006), "Another look at measures of
       forecast accuracy", *International Journal of Forecasting* 22(4),
       679-688, doi:10.1016/j.ijforecast.2006.03.001.

    Examples
    --------
    >>> from ecomops.forecast import mean_absolute_scaled_error
    >>> round(mean_absolute_scaled_error([3, 0, 5, 2], [2, 1, 4, 4], [2, 4, 3, 5, 1]), 6)
    0.555556
    """
    a, f, one = _pair(actual, forecast)
    scale = naive_scale(history, a.shape[0], season_length, 1)
    return _out(np.abs(a - f).mean(axis=1) / scale, one)


def root_mean_squared_scaled_error(
    actual: ArrayLike, forecast: ArrayLike, history: ArrayLike, *, season_length: int = 1
) -> Any:
    r"""Root mean squared scaled error per series (the M5 accuracy measure).

    $$
    \mathrm{RMSSE} = \sqrt{\frac{\frac1h\sum_t (y_t-\hat y_t)^2}
                               {\frac1{n-m}\sum_{t=m+1}^{n}(y_t-y_{t-m})^2}}
    $$

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]
    history : array_like
        The in-sample series, ``(n_series, n_periods)``, more than
        ``season_length`` periods. [units]
    season_length : int
        Lag $m$ of the naive forecast; default 1 (the M5 choice). [periods]

    Returns
    -------
    float or ndarray
        One RMSSE per series. [-]

    Raises
    ------
    InvalidInputError
        A history that is constant at lag $m$, shapes that differ, NaN or
        infinite values.

    Notes
    -----
    Squared errors are minimised by the mean, so unlike MASE the RMSSE does not
    reward forecasting zero for an intermittent series (the reason M5 chose
    it). M5 also starts the scale at the first sale: pass ``history[first_sale:]``.

    References
    ----------
    1. Makridakis, S., Spiliotis, E. and Assimakopoulos, V. (2022), "M5
       accuracy competition: Results, findings, and conclusions",
       *International Journal of Forecasting* 38(4), 1346-1364.
    2. M5 Competitors' Guide (2020), University of Nicosia, §4.

    Examples
    --------
    >>> from ecomops.forecast import root_mean_squared_scaled_error
    >>> round(root_mean_squared_scaled_error([3, 0, 5, 2], [2, 1, 4, 4], [2, 4, 3, 5, 1]), 6)
    0.52915
    """
    a, f, one = _pair(actual, forecast)
    scale = naive_scale(history, a.shape[0], season_length, 2)
    return _out(np.sqrt(((a - f) ** 2).mean(axis=1) / scale), one)


@series_io
def revenue_weights(
    history: ArrayLike, prices: ArrayLike, *, periods: int = M5_WEIGHT_PERIODS
) -> Any:
    r"""M5 series weights: each series' share of the revenue of the last ``periods`` periods.

    $$
    w_i = \frac{\sum_{t=n-P+1}^{n} p_{i,t}\,y_{i,t}}{\sum_j \sum_{t=n-P+1}^{n} p_{j,t}\,y_{j,t}}
    $$

    Parameters
    ----------
    history : array_like
        Units sold, ``(n_series, n_periods)``, >= 0, at least ``periods`` periods. [units]
    prices : array_like
        Price per unit: one per series ``(n_series,)`` or one per series and
        period, the shape of ``history``; >= 0. [money/unit]
    periods : int
        Length $P$ of the window at the end of the history; default 28 (M5). [periods]

    Returns
    -------
    ndarray or Series
        Weights per series, >= 0, summing to 1 (a pandas or polars Series on
        the index of ``prices`` when ``prices`` is one). [fraction]

    Raises
    ------
    InvalidInputError
        Negative units or prices, no revenue in the window, a history shorter
        than the window, shapes that do not match.

    References
    ----------
    1. M5 Competitors' Guide (2020), University of Nicosia, §4: weights by
       cumulative dollar sales of the last 28 days of the training sample.

    Examples
    --------
    >>> from ecomops.forecast import revenue_weights
    >>> revenue_weights([[1, 2, 3], [0, 0, 4]], [2.0, 1.0], periods=2).tolist()
    [0.7142857142857143, 0.2857142857142857]
    """
    h, _ = as_panel(history, "history")
    if isinstance(periods, bool) or not isinstance(periods, int | np.integer) or periods < 1:
        raise InvalidInputError(f"periods must be an int >= 1; got {periods!r}")
    if h.shape[1] < periods:
        raise InvalidInputError(
            f"history must have at least periods ({periods}) periods; got {h.shape[1]}"
        )
    raise_at("history", "be >= 0", h < 0, h)
    p = as_float_array(prices, "prices")
    if p.shape == (h.shape[0],):
        p = p[:, None]
    elif p.shape != h.shape:
        raise InvalidInputError(
            f"prices must have one value per series {(h.shape[0],)} or the shape of "
            f"history {h.shape}; got {p.shape}"
        )
    raise_at("prices", "be >= 0", p < 0, p)
    revenue = (np.broadcast_to(p, h.shape)[:, -periods:] * h[:, -periods:]).sum(axis=1)
    total = float(revenue.sum())
    if total <= 0:
        raise InvalidInputError(f"history must have revenue in its last {periods} periods")
    return read_only(revenue / total)


def weighted_root_mean_squared_scaled_error(
    actual: ArrayLike,
    forecast: ArrayLike,
    history: ArrayLike,
    *,
    weights: ArrayLike,
    season_length: int = 1,
) -> float:
    r"""Weighted RMSSE over a panel of series (the M5 accuracy score).

    $$
    \mathrm{WRMSSE} = \sum_i w_i\,\mathrm{RMSSE}_i, \qquad \sum_i w_i = 1
    $$

    Parameters
    ----------
    actual : array_like
        Observed values, ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        Point forecasts, the shape of ``actual``; finite. [units]
    history : array_like
        The in-sample series, ``(n_series, n_periods)``. [units]
    weights : array_like
        One weight per series, >= 0, not all 0; normalised to sum 1. M5 uses
        `revenue_weights` (dollar sales of the last 28 days). [-]
    season_length : int
        Lag of the naive scale; default 1. [periods]

    Returns
    -------
    float
        The weighted score. [-]

    Raises
    ------
    InvalidInputError
        Negative or all-zero weights, a weight count that is not the series
        count, and the errors of `root_mean_squared_scaled_error`.

    Notes
    -----
    M5 scores 12 aggregation levels (total, state, store, category, ...,
    item-store) each with weight 1/12; this function scores one level. Sum the
    series of a higher level first and call it again for another level.

    References
    ----------
    1. M5 Competitors' Guide (2020), University of Nicosia, §4.
    2. Makridakis, S., Spiliotis, E. and Assimakopoulos, V. (2022), "M5
       accuracy competition: Results, findings, and conclusions",
       *International Journal of Forecasting* 38(4), 1346-1364.

    Examples
    --------
    >>> from ecomops.forecast import weighted_root_mean_squared_scaled_error
    >>> round(weighted_root_mean_squared_scaled_error(
    ...     [[3, 0], [1, 1]], [[2, 1], [1, 1]], [[1, 3, 2], [0, 2, 1]], weights=[3, 1]), 6)
    0.474342
    """
    a, f, _ = _pair(actual, forecast)
    w = as_float_array(weights, "weights")
    if w.shape != (a.shape[0],):
        raise InvalidInputError(
            f"weights must have one value per series ({a.shape[0]},); got {w.shape}"
        )
    raise_at("weights", "be >= 0", w < 0, w)
    if not w.sum() > 0:
        raise InvalidInputError("weights must not all be 0")
    scale = naive_scale(history, a.shape[0], season_length, 2)
    rmsse = np.sqrt(((a - f) ** 2).mean(axis=1) / scale)
    return float((w / w.sum()) @ rmsse)


# ---------------------------------------------------------------------------
# Quantile forecasts
# ---------------------------------------------------------------------------


def _pinball(a: FloatArray, q_forecast: FloatArray, tau: FloatArray) -> FloatArray:
    diff = a - q_forecast
    loss: FloatArray = np.maximum(tau * diff, (tau - 1.0) * diff).mean(axis=1)
    return loss


def pinball_loss(actual: ArrayLike, forecast: ArrayLike, *, quantile: float | ArrayLike) -> Any:
    r"""Pinball (quantile) loss per series of a quantile forecast.

    $$
    L_\tau = \frac1h\sum_t \max\bigl(\tau(y_t-q_t),\,(\tau-1)(y_t-q_t)\bigr)
    $$

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        The forecast $\tau$-quantiles $q_t$, the shape of ``actual``. [units]
    quantile : float or array_like
        The level $\tau$ in (0, 1): one for all series, or one per series. [fraction]

    Returns
    -------
    float or ndarray
        Mean pinball loss per series. [units]

    Raises
    ------
    InvalidInputError
        A quantile outside (0, 1), shapes that differ, NaN or infinite values.

    Notes
    -----
    At $\tau=0.5$ it is half the MAE. Equal to utilsforecast's
    ``quantile_loss`` (0.2.17); some texts multiply by 2.

    References
    ----------
    1. Koenker, R. and Bassett, G. (1978), "Regression quantiles",
       *Econometrica* 46(1), 33-50.
    2. Makridakis, S. et al. (2022), "The M5 uncertainty competition: Results,
       findings and conclusions", *International Journal of Forecasting* 38(4),
       1365-1385.

    Examples
    --------
    >>> from ecomops.forecast import pinball_loss
    >>> round(pinball_loss([3, 0, 5, 2], [4, 4, 4, 4], quantile=0.9), 6)
    0.4
    """
    a, f, one = _pair(actual, forecast)
    tau = _quantile(quantile, a.shape[0])
    return _out(_pinball(a, f, tau), one)


def scaled_pinball_loss(
    actual: ArrayLike,
    forecast: ArrayLike,
    history: ArrayLike,
    *,
    quantile: float | ArrayLike,
    season_length: int = 1,
) -> Any:
    r"""Scaled pinball loss per series (the M5 uncertainty measure).

    $$
    \mathrm{SPL}_\tau = \frac{L_\tau}{\frac1{n-m}\sum_{t=m+1}^{n}|y_t-y_{t-m}|}
    $$

    the `pinball_loss` over the in-sample MAE of the naive forecast.

    Parameters
    ----------
    actual : array_like
        Observed values, 1-D (one series) or ``(n_series, horizon)``; finite. [units]
    forecast : array_like
        The forecast $\tau$-quantiles, the shape of ``actual``. [units]
    history : array_like
        The in-sample series, ``(n_series, n_periods)``. [units]
    quantile : float or array_like
        The level $\tau$ in (0, 1), one or one per series. [fraction]
    season_length : int
        Lag of the naive scale; default 1 (M5). [periods]

    Returns
    -------
    float or ndarray
        One SPL per series. [-]

    Raises
    ------
    InvalidInputError
        As `pinball_loss` and `mean_absolute_scaled_error`.

    Notes
    -----
    M5 averages the SPL over nine quantiles (0.005 to 0.995) and weights the
    series like WRMSSE; call once per quantile and combine with
    `revenue_weights`.

    References
    ----------
    1. Makridakis, S. et al. (2022), "The M5 uncertainty competition: Results,
       findings and conclusions", *International Journal of Forecasting* 38(4),
       1365-1385.
    2. M5 Competitors' Guide (2020), University of Nicosia, §4.

    Examples
    --------
    >>> from ecomops.forecast import scaled_pinball_loss
    >>> round(scaled_pinball_loss([3, 0, 5, 2], [4, 4, 4, 4], [2, 4, 3, 5, 1], quantile=0.9), 6)
    0.177778
    """
    a, f, one = _pair(actual, forecast)
    tau = _quantile(quantile, a.shape[0])
    scale = naive_scale(history, a.shape[0], season_length, 1)
    return _out(_pinball(a, f, tau) / scale, one)


def as_scalar_fraction(value: Any, name: str) -> float:
    """One number in (0, 1) as a float."""
    x = as_real_scalar(value, name, finite=True)
    if not 0 < x < 1:
        raise InvalidInputError(f"{name} must be in (0, 1); got {value!r}")
    return x
