r"""The result of every forecasting model (private)."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ecomops._core.results import Result
from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._core.validation import read_only, read_only_copy

__all__ = ["FittedValues", "Forecast", "InSample"]

#: Builds a forecast's in-sample one-step-ahead forecasts, ``(n_series, n_periods)``
#: in any memory order, in fresh memory the result may keep.
FittedValues = Callable[[], FloatArray]


class InSample:
    """A forecast's fitted values and residuals, computed when first asked for.

    A fit needs only each series' parameters and final state; the in-sample
    path (two arrays the size of the panel) is built by re-running the model's
    filter with the fitted parameters, once, on first access, and kept. A
    pickled forecast carries the arrays themselves.
    """

    __slots__ = ("_arrays", "_pending")

    def __init__(self, build: FittedValues, values: FloatArray, first_fitted: IntArray) -> None:
        self._pending: Callable[[], tuple[FloatArray, FloatArray]] | None = lambda: _path(
            build, values, first_fitted
        )
        self._arrays: tuple[FloatArray, FloatArray] | None = None

    @classmethod
    def join(cls, parts: list[InSample]) -> InSample:
        """The in-sample path of a panel fitted in parts of consecutive series."""
        out = cls.__new__(cls)
        out._pending = lambda: _stack([p.arrays() for p in parts])
        out._arrays = None
        return out

    def arrays(self) -> tuple[FloatArray, FloatArray]:
        """``(fitted, residuals)``: read-only, NaN before ``first_fitted``."""
        if self._arrays is None:
            if self._pending is None:  # pragma: no cover - one of the two is always set
                raise RuntimeError("in-sample values lost")
            self._arrays = self._pending()
            self._pending = None  # the state behind the path is no longer needed
        return self._arrays

    def __getstate__(self) -> tuple[FloatArray, FloatArray]:
        return self.arrays()

    def __setstate__(self, state: tuple[FloatArray, FloatArray]) -> None:
        fitted, residuals = state
        self._arrays = read_only(fitted), read_only(residuals)
        self._pending = None


def _path(
    build: FittedValues, values: FloatArray, first: IntArray
) -> tuple[FloatArray, FloatArray]:
    """Fitted values (NaN before ``first``) and residuals, read-only."""
    fitted = build()
    for t in range(min(int(first.max()), fitted.shape[1])):  # the early periods only
        fitted[first > t, t] = np.nan
    residuals = values.T - fitted  # NaN where fitted is, which covers before start
    return read_only(fitted), read_only(residuals)


def _stack(parts: list[tuple[FloatArray, FloatArray]]) -> tuple[FloatArray, FloatArray]:
    """The parts' fitted values and residuals, one above the other (series order)."""
    n = sum(fitted.shape[0] for fitted, _ in parts)
    shape = (n, parts[0][0].shape[1])
    fitted = np.concatenate([f for f, _ in parts], axis=0, out=np.empty(shape, order="F"))
    residuals = np.concatenate([r for _, r in parts], axis=0, out=np.empty(shape, order="F"))
    return read_only(fitted), read_only(residuals)


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Forecast(Result):
    r"""Point forecasts and in-sample one-step-ahead fits of a panel of series.

    Returned by [`fit_forecast`][ecomops.forecast.fit_forecast]. Every array is
    two-dimensional, one row per series, whatever the input: a single 1-D
    history gives arrays with one row (``forecast[0]`` is its forecast), so the
    shape of the answer never depends on the shape of the input. Periods are the
    columns of the history, in its own time unit (days, weeks).

    **Which fitted values exist.** Series $i$ starts at period
    ``start[i]`` (its first observation: the first non-NaN value of its row, or
    the start the caller gave). ``fitted[i, t]`` is the forecast of period $t$
    made at the end of period $t - 1$ from periods ``start[i]`` to $t - 1$
    (for ADIDA and IMAPA, which forecast buckets of periods, the forecast of
    $t$'s bucket made at the end of the previous bucket, per period). It
    is defined, a finite number, exactly for ``t >= first_fitted[i]`` and is NaN
    before, where NaN means *no forecast yet*: before the series starts, and
    during the periods a model needs to initialise (one period for naive and
    SES, two for Holt, ``season_length`` for the seasonal ones,
    ``window_length`` for a moving average, up to the first demand for
    Croston, SBA and TSB, one bucket for ADIDA and IMAPA). No
    other NaN appears: ``forecast`` and ``params`` are finite for every series.
    ``residuals`` has NaN exactly where ``fitted`` has.

    Attributes
    ----------
    method : str
        The model (one of the options of `fit_forecast`'s ``method``).
    forecast : ndarray of float64, shape (n_series, horizon)
        Point forecasts of the ``horizon`` periods after the history.
        [units/period]
    fitted : ndarray of float64, shape (n_series, n_periods)
        In-sample one-step-ahead forecasts, $\hat y_{t|t-1}$; NaN before
        ``first_fitted``. [units/period]
    residuals : ndarray of float64, shape (n_series, n_periods)
        One-step-ahead errors $e_t = y_t - \hat y_{t|t-1}$ (history minus
        fitted); NaN before ``first_fitted``. [units/period]
    params : mapping of str to ndarray of float64, shape (n_series,)
        The model's parameters per series, fitted or as given, under the names
        of `fit_forecast`'s arguments (``smoothing_level``, ``smoothing_trend``,
        ``smoothing_seasonal``, ``smoothing_interval``,
        ``smoothing_probability``, ``aggregation_level``); empty for naive,
        seasonal naive and moving average. A read-only mapping of read-only
        arrays. [-]
    start : ndarray of int64, shape (n_series,)
        First period (column) of each series' history. [period index]
    first_fitted : ndarray of int64, shape (n_series,)
        First period with a defined fitted value; equals ``n_periods`` when the
        history is too short for any (a one-period history). [period index]
    no_demand : ndarray of bool, shape (n_series,)
        True for a series whose history is all zeros: its forecast is zero
        (and its fitted values zero from ``first_fitted`` on), by definition
        rather than by estimation; its smoothing parameters are those given,
        or the middle of the search interval when they were to be fitted (the
        fit cannot tell).
    season_length : int
        Periods per season used by the seasonal models (1 for the others).
        [periods]

    Notes
    -----
    The horizon is ``forecast.shape[1]`` (also the `horizon` property) and
    the number of periods is ``fitted.shape[1]``.

    ``fitted`` and ``residuals`` are built on first access, by running the
    model's recursion once more with the parameters in ``params``, and then
    kept: a fit needs only each series' final state, and the two arrays are
    each as large as the history. The forecast, parameters and flags are
    computed by the fit itself. A pickled forecast carries both arrays.

    Examples
    --------
    >>> from ecomops.forecast import fit_forecast
    >>> fc = fit_forecast([3.0, 5.0, 4.0, 6.0], method="naive", horizon=2)
    >>> fc.forecast
    array([[6., 6.]])
    >>> fc.fitted, fc.first_fitted
    (array([[nan,  3.,  5.,  4.]]), array([1]))
    """

    method: str
    forecast: FloatArray
    params: Mapping[str, FloatArray]
    start: IntArray
    first_fitted: IntArray
    no_demand: BoolArray
    season_length: int
    _insample: InSample = dataclasses.field(repr=False, compare=False)

    _COMPUTED = ("fitted", "residuals")

    def __post_init__(self) -> None:
        Result.__post_init__(self)
        frozen = {k: read_only_copy(v, np.float64) for k, v in self.params.items()}
        object.__setattr__(self, "params", types.MappingProxyType(frozen))

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["params"] = dict(self.params)  # a read-only mapping proxy does not pickle
        return _restore, (fields,)

    @property
    def fitted(self) -> FloatArray:
        """In-sample one-step-ahead forecasts (see the class description). [units/period]"""
        return self._insample.arrays()[0]

    @property
    def residuals(self) -> FloatArray:
        """One-step-ahead errors, history minus fitted. [units/period]"""
        return self._insample.arrays()[1]

    @property
    def horizon(self) -> int:
        """Number of forecast periods. [periods]"""
        return int(self.forecast.shape[1])

    @property
    def n_series(self) -> int:
        """Number of series (rows). [-]"""
        return int(self.forecast.shape[0])


def _restore(fields: dict[str, Any]) -> Forecast:
    """Unpickle a `Forecast`."""
    return Forecast(**fields)
