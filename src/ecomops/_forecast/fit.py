r"""The one entry point of the forecasting models: `fit_forecast` (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._core.typing import FORECAST_METHODS, ArrayLike, FloatArray, ForecastMethod, GapPolicy
from ecomops._core.validation import as_float_array, check_option, raise_at
from ecomops._forecast import intermittent, naive, smoothing
from ecomops._forecast.panel import History, Panel, check_horizon, read_history
from ecomops._forecast.parallel import in_parts
from ecomops._forecast.result import Forecast
from ecomops.exceptions import InvalidInputError

__all__ = ["fit_forecast"]

#: Largest season length and moving-average window accepted. [periods]
MAX_SEASON_LENGTH = 1_000

_SEASONAL = ("seasonal_naive", "holt_winters_additive", "holt_winters_multiplicative")


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"{name} must be a whole number of periods; got {value!r}")
    if not low <= int(value) <= high:
        raise InvalidInputError(f"{name} must be in [{low}, {high}]; got {int(value)}")
    return int(value)


def _smoothing(value: Any, name: str, n: int, *, low_open: bool = True) -> FloatArray | None:
    """A smoothing parameter given by the caller: one value, or one per series, in (0, 1]."""
    if value is None:
        return None
    a = as_float_array(value, name)
    if a.ndim > 1 or (a.ndim == 1 and a.shape[0] != n):
        raise InvalidInputError(
            f"{name} must be one value or one per series ({n}); got shape {a.shape}"
        )
    rule = "be in (0, 1]" if low_open else "be in [0, 1]"
    raise_at(name, rule, ((a <= 0) if low_open else (a < 0)) | (a > 1), a)
    return np.array(np.broadcast_to(a, (n,)), dtype=np.float64)


def _season(method: str, season_length: Any, window: Any) -> tuple[int, int | None]:
    m = _whole(season_length, "season_length", 1, MAX_SEASON_LENGTH)
    if method in _SEASONAL and m < 2:
        raise InvalidInputError(f"season_length must be >= 2 for method={method!r}; got {m}")
    if method not in _SEASONAL and m != 1:
        raise InvalidInputError(
            f"season_length applies to seasonal methods only; method={method!r} takes 1, got {m}"
        )
    if method == "moving_average":
        if window is None:
            raise InvalidInputError(
                "window_length must be given for method='moving_average' (periods averaged)"
            )
        return m, _whole(window, "window_length", 1, MAX_SEASON_LENGTH)
    if window is not None:
        raise InvalidInputError(
            f"window_length applies to method='moving_average' only; got {window!r}"
        )
    return m, None


def fit_forecast(
    history: ArrayLike,
    *,
    method: ForecastMethod,
    horizon: int,
    season_length: int = 1,
    window_length: int | None = None,
    smoothing_level: ArrayLike | None = None,
    smoothing_trend: ArrayLike | None = None,
    smoothing_seasonal: ArrayLike | None = None,
    smoothing_interval: ArrayLike | None = None,
    smoothing_probability: ArrayLike | None = None,
    start: ArrayLike | None = None,
    gaps: GapPolicy = "refuse",
) -> Forecast:
    r"""Fit a forecasting model to every series of a panel at once and forecast.

    One row per series (SKU, SKU-store), one column per period (day, week);
    the work is vectorised across series (the loops run over periods). The
    smoothing parameters are fitted per series by minimising the in-sample
    sum of squared one-step-ahead errors, unless given.

    | ``method`` | model | forecast $\hat y_{T+h}$ |
    |---|---|---|
    | ``"naive"`` | last value | $y_T$ |
    | ``"seasonal_naive"`` | same period last season | $y_{T+h-m(k+1)}$ |
    | ``"moving_average"`` | mean of the last $k$ periods | $\frac1k\sum_{j<k} y_{T-j}$ |
    | ``"ses"`` | simple exponential smoothing | $\ell_T$ |
    | ``"holt"`` | Holt's linear trend | $\ell_T + h b_T$ |
    | ``"holt_winters_additive"`` | additive season | $\ell_T + h b_T + s_{T+h-m(k+1)}$ |
    | ``"holt_winters_multiplicative"`` | multiplicative | $(\ell_T + h b_T) s_{T+h-m(k+1)}$ |
    | ``"croston"`` | Croston, $\alpha = 0.1$ | $\hat z_T / \hat p_T$ |
    | ``"croston_optimized"`` | Croston, $\alpha$ fitted | $\hat z_T / \hat p_T$ |
    | ``"sba"`` | Syntetos-Boylan | $(1 - \alpha/2)\,\hat z_T / \hat p_T$ |
    | ``"tsb"`` | Teunter-Syntetos-Babai | $\hat d_T \hat z_T$ |
    | ``"adida"`` | SES on sums of $a$ periods | $\hat Y_T / a$ |
    | ``"imapa"`` | ADIDA averaged over levels | $\frac1a \sum_{j=1}^{a} \hat Y^{(j)}_T / j$ |

    Here $\hat z$ is the smoothed demand size (non-zero demands only),
    $\hat p$ the smoothed interval between demands, $\hat d$ the smoothed
    probability of a demand, and $a$ the mean inter-demand interval, rounded.
    The conventions (initial states, bounds, the optimiser) are in the
    documentation's Conventions page, Forecasting.

    Parameters
    ----------
    history : array_like, shape (n_series, n_periods) or (n_periods,)
        Demand per period, >= 0. A series that starts late is padded at the
        front with NaN (or give ``start``); every series ends at the last
        column. A 1-D history is one series (the result still has one row).
        [units/period]
    method : str
        The model, from the table above.
    horizon : int
        Periods to forecast, in ``[1, 10000]``. [periods]
    season_length : int, default 1
        Periods per season $m$ for the seasonal methods (7 for daily data with
        a weekly cycle, 12 for monthly data, 4 for quarterly), in
        ``[2, 1000]``; 1 (no season) for the others. [periods]
    window_length : int, optional
        Periods averaged by ``"moving_average"`` (required there, refused
        elsewhere), in ``[1, 1000]``. [periods]
    smoothing_level : float or array_like, optional
        $\alpha$: the level smoothing of SES, Holt and Holt-Winters, the
        demand-size smoothing of Croston, SBA and TSB, the SES smoothing of
        the aggregated series of ADIDA and IMAPA; one value or one per series,
        in $(0, 1]$. Fitted when None (Croston and SBA: 0.1). [-]
    smoothing_trend : float or array_like, optional
        $\beta$: trend smoothing of Holt and Holt-Winters, in $(0, 1]$. [-]
    smoothing_seasonal : float or array_like, optional
        $\gamma$: seasonal smoothing of Holt-Winters, in $(0, 1]$. [-]
    smoothing_interval : float or array_like, optional
        Interval smoothing of Croston and SBA, in $(0, 1]$ (default 0.1;
        fitted for ``"croston_optimized"``). [-]
    smoothing_probability : float or array_like, optional
        Demand-probability smoothing of TSB, in $(0, 1]$; fitted when None. [-]
    start : array_like of int, optional
        First period (column) of each series; values before it are ignored.
        Default: the first non-NaN value of each row.
    gaps : {"refuse", "zero"}, default "refuse"
        What a NaN after a series' start means: refused, or a period without
        sales (read as 0).

    Returns
    -------
    Forecast
        Point forecasts, fitted values, residuals and parameters per series;
        see [`Forecast`][ecomops.forecast.Forecast] for which fitted values
        are defined.

    Raises
    ------
    InvalidInputError
        Negative demand, a NaN gap (unless ``gaps="zero"``), a series too short
        for the model (naming the first), a season or window longer than a
        history, a horizon outside $[1, 10000]$, a parameter outside $(0, 1]$,
        or a parameter the method does not take.

    Notes
    -----
    A series without any demand (all zeros) is forecast zero by every model,
    and flagged in ``Forecast.no_demand``. Work grows with series × periods;
    a fit costs a handful of passes over the panel (one per candidate grid and
    Newton or Halley step), see the Conventions. A large panel (from 4,000 series and 2
    million cells) is fitted in parts of consecutive series on up to four
    threads (the cores the process may use); every series is computed from
    its own history alone, so the numbers are the same, bit for bit, as in one pass.

    References
    ----------
    1. Hyndman, R. J. and Athanasopoulos, G. (2021). *Forecasting: Principles
       and Practice*, 3rd ed., OTexts, chapters 5 and 8. https://otexts.com/fpp3/
    2. Croston, J. D. (1972). Forecasting and stock control for intermittent
       demands. *Operational Research Quarterly* 23(3), 289-303.
       https://doi.org/10.2307/3007885
    3. Syntetos, A. A. and Boylan, J. E. (2005). The accuracy of intermittent
       demand estimates. *International Journal of Forecasting* 21(2),
       303-314. https://doi.org/10.1016/j.ijforecast.2004.10.001
    4. Teunter, R. H., Syntetos, A. A. and Babai, M. Z. (2011). Intermittent
       demand: linking forecasting to inventory obsolescence. *European
       Journal of Operational Research* 214(3), 606-615.
       https://doi.org/10.1016/j.ejor.2011.05.018
    5. Nikolopoulos, K. et al. (2011). An aggregate-disaggregate intermittent
       demand approach (ADIDA). *Journal of the Operational Research Society*
       62(3), 544-554; Petropoulos, F. and Kourentzes, N. (2015). Forecast
       combinations for intermittent demand (IMAPA). *JORS* 66(6), 914-924.
    6. statsforecast 2.1.1 (Nixtla), ``statsforecast.models``: the same
       point forecasts for the intermittent models and SES.

    Examples
    --------
    >>> from ecomops.forecast import fit_forecast
    >>> history = [[0, 2, 0, 0, 3, 0, 1, 0], [5, 6, 4, 5, 7, 6, 5, 6]]
    >>> fc = fit_forecast(history, method="ses", horizon=3, smoothing_level=0.5)
    >>> fc.forecast.round(4)
    array([[0.4531, 0.4531, 0.4531],
           [5.7422, 5.7422, 5.7422]])
    >>> fit_forecast(history, method="ses", horizon=1).params["smoothing_level"].round(4)
    array([0.1263, 0.1402])
    """
    method = check_option(method, "method", FORECAST_METHODS)
    h = check_horizon(horizon)
    m, k = _season(method, season_length, window_length)
    checked = read_history(history, start, gaps)
    n = checked.n_series
    given = {
        "smoothing_level": _smoothing(smoothing_level, "smoothing_level", n),
        "smoothing_trend": _smoothing(smoothing_trend, "smoothing_trend", n),
        "smoothing_seasonal": _smoothing(smoothing_seasonal, "smoothing_seasonal", n),
        "smoothing_interval": _smoothing(smoothing_interval, "smoothing_interval", n),
        "smoothing_probability": _smoothing(smoothing_probability, "smoothing_probability", n),
    }
    _refuse_unused(method, given)
    check_history(method, checked, m, k)  # on the whole history: errors name the caller's indices
    return in_parts(lambda part, g: _dispatch(method, part, h, m, k, g), checked, given)


def check_history(method: str, history: History, m: int, k: int | None) -> None:
    """What a model needs of every series: enough periods, positive values if multiplicative."""
    needs = {
        "seasonal_naive": (m, f"one season of season_length={m}"),
        "moving_average": (k or 1, f"one window of window_length={k}"),
        "holt": (2, "two periods for a trend"),
        "holt_winters_additive": (2 * m, "two seasons"),
        "holt_winters_multiplicative": (2 * m, "two seasons"),
    }
    if method in needs:
        needed, why = needs[method]
        length = history.length
        raise_at(
            "history", f"have at least {needed} observations per series ({why})",
            length < needed, length,
        )  # fmt: skip
    if method == "holt_winters_multiplicative":
        rows = history.rows
        raise_at(
            "history", "be > 0 for multiplicative seasonality",
            (rows <= 0) & history.started(), rows,
        )  # fmt: skip


_TAKES: dict[str, tuple[str, ...]] = {
    "ses": ("smoothing_level",),
    "holt": ("smoothing_level", "smoothing_trend"),
    "holt_winters_additive": ("smoothing_level", "smoothing_trend", "smoothing_seasonal"),
    "holt_winters_multiplicative": ("smoothing_level", "smoothing_trend", "smoothing_seasonal"),
    "croston": ("smoothing_level", "smoothing_interval"),
    "croston_optimized": (),
    "sba": ("smoothing_level", "smoothing_interval"),
    "tsb": ("smoothing_level", "smoothing_probability"),
    "adida": ("smoothing_level",),
    "imapa": (),
}


def _refuse_unused(method: str, given: dict[str, FloatArray | None]) -> None:
    takes = _TAKES.get(method, ())
    for name, value in given.items():
        if value is not None and name not in takes:
            listed = ", ".join(takes) if takes else "no smoothing parameter"
            raise InvalidInputError(
                f"{name} does not apply to method={method!r} (it takes {listed})"
            )


def _dispatch(
    method: str, panel: Panel, h: int, m: int, k: int | None, given: dict[str, FloatArray | None]
) -> Forecast:
    if method == "naive":
        return naive.naive(panel, h)
    if method == "seasonal_naive":
        return naive.seasonal_naive(panel, h, m)
    if method == "moving_average":
        assert k is not None
        return naive.moving_average(panel, h, k)
    if method == "ses":
        return smoothing.ses(panel, h, given["smoothing_level"])
    if method in ("holt", "holt_winters_additive", "holt_winters_multiplicative"):
        levels = (given["smoothing_level"], given["smoothing_trend"], given["smoothing_seasonal"])
        return smoothing.holt_winters(method, panel, h, m, levels)
    return intermittent.intermittent(method, panel, h, given)
