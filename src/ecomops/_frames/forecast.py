"""Forecasting from a DataFrame: a demand log in, a long table of forecasts out (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._core.typing import ForecastMethod, GapPolicy
from ecomops._forecast.fit import fit_forecast as _fit_forecast
from ecomops._forecast.panel import check_horizon
from ecomops._frames.common import FrameT, check_name, read_frame
from ecomops._frames.inventory import demand_matrix
from ecomops.exceptions import InvalidInputError

__all__ = ["fit_forecast"]


def fit_forecast(
    data: FrameT,
    *,
    method: ForecastMethod,
    horizon: int,
    sku: str = "sku",
    period_label: str = "period",
    quantity: str = "quantity",
    gaps: GapPolicy = "refuse",
    season_length: int = 1,
    window_length: int | None = None,
    smoothing_level: float | None = None,
    smoothing_trend: float | None = None,
    smoothing_seasonal: float | None = None,
    smoothing_interval: float | None = None,
    smoothing_probability: float | None = None,
) -> FrameT:
    r"""Forecasts of every SKU of a demand log, as a long table.

    The frame version of [`fit_forecast`][ecomops.forecast.fit_forecast]. The
    log has one row per SKU and period (several rows of one SKU and period
    are summed, as for a log of order lines). Its periods are the distinct
    values of the ``period_label`` column, which must be evenly spaced when
    they are numbers or dates (day numbers, week starts): a period that no SKU
    lists would otherwise vanish from every history. Each SKU's history starts
    at the first period it lists; a later period it does not list is a gap,
    refused unless ``gaps="zero"`` reads it as no sales (a demand log that
    lists only the days with sales needs ``gaps="zero"``).

    Parameters
    ----------
    data : pandas or polars DataFrame
        Demand per SKU and period, one row per pair.
    method, horizon
        As in [`fit_forecast`][ecomops.forecast.fit_forecast]. [-, periods]
    sku, quantity : str
        Names of the SKU and demand columns. Defaults ``"sku"``, ``"quantity"``.
        [column names]
    period_label : str
        Name of the column holding each row's period. Default ``"period"``.
        [column name]
    gaps : {"refuse", "zero"}
        A period a SKU does not list after its first: refused, or no sales.
    season_length, window_length : int
        As in [`fit_forecast`][ecomops.forecast.fit_forecast]. [periods]
    smoothing_level, smoothing_trend, smoothing_seasonal : float, optional
        As in [`fit_forecast`][ecomops.forecast.fit_forecast], one value for
        every SKU; left None, fitted per SKU. [-]
    smoothing_interval, smoothing_probability : float, optional
        Likewise. [-]

    Returns
    -------
    pandas or polars DataFrame
        ``horizon`` rows per SKU, SKUs sorted: the SKU column,
        ``periods_ahead`` (1 to ``horizon``), the forecast period under the
        ``period_label`` name (the last period plus ``periods_ahead`` spacings;
        for labels that are neither numbers nor dates, the column is left out)
        and ``forecast``. [units/period]

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns), missing SKUs or
        periods, periods that are not evenly spaced, negative or NaN
        quantities, a gap (unless ``gaps="zero"``), more than
        ``MAX_DEMAND_CELLS`` (20 million) SKU x period cells, and whatever
        [`fit_forecast`][ecomops.forecast.fit_forecast] refuses.

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> log = pd.DataFrame({
    ...     "sku": ["A", "A", "A", "B", "B", "B"],
    ...     "period": [1, 2, 3, 1, 2, 3],
    ...     "quantity": [3.0, 0.0, 4.0, 10.0, 12.0, 11.0],
    ... })
    >>> frames.fit_forecast(log, method="naive", horizon=2)
      sku  periods_ahead  period  forecast
    0   A              1       4       4.0
    1   A              2       5       4.0
    2   B              1       4      11.0
    3   B              2       5      11.0

    References
    ----------
    1. Hyndman, R. J. and Athanasopoulos, G. (2021). *Forecasting: Principles
       and Practice*, 3rd ed., OTexts, section 5.1 (tidy forecasting: one row
       per series and period). https://otexts.com/fpp3/
    2. Nixtla statsforecast documentation, "StatsForecast.forecast" (a long
       table of series, future periods and forecasts; columns ``unique_id``,
       ``ds``, ``y`` there).
    """
    horizon = check_horizon(horizon)
    frame = read_frame(data)
    names = {"sku": sku, "period_label": period_label, "quantity": quantity}
    frame.check(**{k: check_name(v, k) for k, v in names.items()})
    skus, periods, history = demand_matrix(frame, sku, period_label, quantity, unlisted=np.nan)
    _check_spacing(periods)
    if gaps == "refuse":
        _refuse_gaps(history, skus, periods)
    fc = _fit_forecast(
        history,
        method=method,
        horizon=horizon,
        gaps=gaps,
        season_length=season_length,
        window_length=window_length,
        smoothing_level=smoothing_level,
        smoothing_trend=smoothing_trend,
        smoothing_seasonal=smoothing_seasonal,
        smoothing_interval=smoothing_interval,
        smoothing_probability=smoothing_probability,
    )
    steps = np.arange(1, horizon + 1)
    columns: list[tuple[str, Any]] = [
        (sku, np.repeat(skus, horizon)),
        ("periods_ahead", np.tile(steps, skus.size)),
    ]
    future = _future(periods, steps)
    if future is not None:
        columns.append((period_label, np.tile(future, skus.size)))
    columns.append(("forecast", np.asarray(fc.forecast).reshape(-1)))
    out: FrameT = frame.build(columns, key=sku)
    return out


def _refuse_gaps(history: np.ndarray, skus: np.ndarray, periods: np.ndarray) -> None:
    """Refuse a period a SKU does not list after its first, naming the first such pair."""
    listed = ~np.isnan(history)
    gap = np.logical_or.accumulate(listed, axis=1) & ~listed
    if gap.any():
        i, t = (int(v[0]) for v in np.nonzero(gap))
        first = periods[int(np.argmax(listed[i]))]
        raise InvalidInputError(
            f"the demand log lists no row for sku {_label(skus[i])} in period "
            f"{_label(periods[t])}, after its first period {_label(first)}; list it (0 for no "
            'sales) or pass gaps="zero"'
        )


def _label(value: Any) -> str:
    """An id or period as the caller would write it (not a numpy scalar's repr)."""
    if isinstance(value, np.datetime64):
        return str(value)
    return repr(value.item() if isinstance(value, np.generic) else value)


def _check_spacing(periods: np.ndarray) -> None:
    """Refuse numeric or date periods that are not evenly spaced, naming the first gap."""
    if periods.size < 3 or periods.dtype.kind not in "iufM":
        return
    steps = np.diff(periods)
    uneven = np.flatnonzero(steps != steps[0])
    if uneven.size:
        i = int(uneven[0])
        raise InvalidInputError(
            "period_label must be evenly spaced (a period no SKU lists would vanish from "
            f"every history): {_label(periods[i])} is followed by {_label(periods[i + 1])}, "
            f"where {_label(periods[0])} is followed by {_label(periods[1])}"
        )


def _future(periods: np.ndarray, steps: np.ndarray) -> np.ndarray | None:
    """The periods after the last one, one spacing apart; None for plain labels."""
    if periods.dtype.kind not in "iufM":
        return None
    if periods.size < 2:
        return None
    spacing = periods[1] - periods[0]
    future: np.ndarray = periods[-1] + steps * spacing
    return future
