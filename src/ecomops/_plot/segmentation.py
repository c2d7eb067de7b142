"""Customer plots: cohorts, RFM segments, and the BG/NBD and Pareto/NBD diagnostics (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._plot.common import (
    MAX_CATEGORIES,
    MAX_GRID,
    Axes,
    axes_or_new,
    category_ticks,
    check_bound,
    expect_kind,
    percent_axis,
    plain_floats,
)
from ecomops._segmentation.clv import BGNBDFit, NBDFit, ParetoNBDFit
from ecomops._segmentation.cohorts import CohortMatrix
from ecomops._segmentation.rfm import RFMScores
from ecomops._segmentation.segments import CustomerSegments, SegmentSummary
from ecomops.exceptions import InvalidInputError

__all__ = [
    "calibration_holdout_chart",
    "cohort_heatmap",
    "frequency_recency_heatmap",
    "probability_alive_heatmap",
    "rfm_segment_map",
    "segment_share_chart",
]

_PERIOD_LABEL = {"D": 10, "W": 10, "M": 7, "Q": 7, "Y": 4}
_ANNOTATE_CELLS = 400


def _cohort_labels(cohorts: CohortMatrix) -> list[str]:
    width = _PERIOD_LABEL.get(str(cohorts.period), 10)
    return [str(c)[:width] for c in cohorts.cohorts]


def cohort_heatmap(cohorts: CohortMatrix, *, annotate: bool = True, ax: Axes | None = None) -> Axes:
    r"""Heat map of a cohort retention matrix: cohorts down, periods since the first across.

    Cell $(c, k)$ is the retention $v_{c,k} / v_{c,0}$ of cohort $c$ in its
    $k$-th period after the first, as a percentage; censored cells (periods not
    yet complete at ``as_of``, NaN in the matrix) stay blank. Rows are labelled
    with the cohort and its size.

    Parameters
    ----------
    cohorts : CohortMatrix
        From [`cohort_matrix`][ecomops.segmentation.cohort_matrix].
    annotate : bool
        Write each cell's percentage when the matrix has at most 400 cells.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; its image (``ax.images[0]``) holds the retention
        matrix, and the figure gains a colour bar.

    Raises
    ------
    TypeError
        If ``cohorts`` is not a `CohortMatrix`.
    InvalidInputError
        If the matrix has more than 200 cohorts or periods.

    References
    ----------
    1. Fader, P. S. and Hardie, B. G. S. (2010). Customer-base valuation in a
       contractual setting: the perils of ignoring heterogeneity. Marketing
       Science, 29(1), 85-93 (retention by cohort).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.segmentation import cohort_matrix
    >>> t = np.array(["2025-01-03", "2025-02-04", "2025-01-09", "2025-02-01"], "M8[D]")
    >>> res = cohort_matrix([1, 1, 2, 3], t, as_of="2025-03-31", period="M")
    >>> ax = plot.cohort_heatmap(res)
    >>> ax.images[0].get_array().tolist()
    [[1.0, 0.5, 0.0], [1.0, 0.0, None]]
    >>> plt.close(ax.figure)
    """
    expect_kind(cohorts, CohortMatrix, "cohorts")
    n_rows, n_cols = cohorts.retention.shape
    if max(n_rows, n_cols) > MAX_CATEGORIES:
        raise InvalidInputError(
            f"cohort_heatmap draws at most {MAX_CATEGORIES} cohorts and periods; "
            f"got {n_rows} x {n_cols}"
        )
    ax = axes_or_new(ax, figsize=(7.0, 0.3 * n_rows + 2.0))
    data = np.ma.masked_invalid(np.asarray(cohorts.retention, dtype=np.float64))
    image = ax.imshow(data, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
    if annotate and n_rows * n_cols <= _ANNOTATE_CELLS:
        for (i, j), value in np.ndenumerate(cohorts.retention):
            if not np.isnan(value):
                ax.text(
                    j,
                    i,
                    f"{value:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > 0.6 else "black",
                )
    labels = [
        f"{c} (n={int(n):,})"
        for c, n in zip(_cohort_labels(cohorts), cohorts.cohort_sizes, strict=True)
    ]
    category_ticks(ax, labels, horizontal=True)
    category_ticks(ax, [str(int(k)) for k in cohorts.offsets])
    bar = ax.figure.colorbar(image, ax=ax)
    percent_axis(bar.ax.yaxis)
    ax.set_xlabel(f"periods since the first purchase [{cohorts.period}]")
    ax.set_ylabel("cohort (first purchase)")
    ax.set_title(f"Cohort retention ({cohorts.metric})")
    return ax


def _aligned(scores: RFMScores, segments: CustomerSegments) -> None:
    same = len(scores) == len(segments) and bool(
        np.array_equal(np.asarray(scores.customer_id), np.asarray(segments.customer_id))
    )
    if not same:
        raise InvalidInputError(
            "scores and segments must describe the same customers in the same order "
            "(segments = segment_customers(scores, segment_map))"
        )


def _majority(scores: RFMScores, codes: np.ndarray, bins: int, n_labels: int) -> np.ndarray:
    """Per (recency, frequency) cell, the most common segment code (-1 for an empty cell)."""
    cell = (scores.frequency_score - 1) * bins + (scores.recency_score - 1)
    counts = np.zeros((bins * bins, n_labels), dtype=np.int64)
    np.add.at(counts, (cell, codes), 1)
    out = np.where(counts.sum(axis=1) > 0, counts.argmax(axis=1), -1)
    return out.reshape(bins, bins)


def rfm_segment_map(
    scores: RFMScores, segments: CustomerSegments, *, ax: Axes | None = None
) -> Axes:
    r"""The recency x frequency grid of RFM scores, coloured by segment, with customer counts.

    Cell $(R, F)$ counts the customers with recency score $R$ (across) and
    frequency score $F$ (up) and takes the colour of its most common segment
    (monetary scores are summed over); each segment's name is written at the
    centre of its cells. It shows at a glance how a segment map such as
    ``SegmentMap.preset("rf_10")`` carves the customer base.

    Parameters
    ----------
    scores : RFMScores
        From [`rfm_scores`][ecomops.segmentation.rfm_scores].
    segments : CustomerSegments
        ``segment_customers(scores, segment_map)``: the same customers, in the same order.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; ``ax.images[0]`` holds each cell's segment (its
        index in ``segments.labels``, masked when empty; rows are frequency
        scores 1 to ``bins``), and the first ``bins**2`` texts are the
        customer counts, row by row.

    Raises
    ------
    TypeError
        If ``scores`` or ``segments`` is of another kind.
    InvalidInputError
        If they do not describe the same customers.

    References
    ----------
    1. Hughes, A. M. (1994). Strategic Database Marketing. Probus (RFM scoring).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.segmentation import SegmentMap, rfm_scores_from_values, segment_customers
    >>> scores = rfm_scores_from_values([5, 40, 200, 90], [6, 2, 1, 1], [900, 80, 30, 50])
    >>> segments = segment_customers(scores, SegmentMap.preset("rf_10"))
    >>> ax = plot.rfm_segment_map(scores, segments)
    >>> sum(int(text.get_text()) for text in ax.texts[:25])
    4
    >>> plt.close(ax.figure)
    """
    expect_kind(scores, RFMScores, "scores")
    expect_kind(segments, CustomerSegments, "segments")
    _aligned(scores, segments)
    bins = max(int(scores.n_bins[0]), int(scores.n_bins[1]))
    labels = list(segments.labels)
    index = {label: k for k, label in enumerate(labels)}
    codes = np.array([index[str(s)] for s in segments.segment], dtype=np.int64)
    majority = _majority(scores, codes, bins, len(labels))
    counts = np.zeros((bins, bins), dtype=np.int64)
    np.add.at(counts, (scores.frequency_score - 1, scores.recency_score - 1), 1)
    ax = axes_or_new(ax, figsize=(7.0, 6.0))
    colour = np.ma.masked_less(majority.astype(np.float64), 0.0)
    ax.imshow(
        colour, cmap="tab20", vmin=0, vmax=max(len(labels) - 1, 1), origin="lower", alpha=0.55
    )
    for (f, r), n in np.ndenumerate(counts):
        ax.text(r, f - 0.3, f"{n:,}", ha="center", va="center", fontsize=7, color="0.25")
    for k, label in enumerate(labels):
        where = np.argwhere(majority == k)
        if where.size:
            f, r = where.mean(axis=0)
            ax.text(r, f, label, ha="center", va="center", fontsize=8, weight="bold")
    category_ticks(ax, [str(b) for b in range(1, bins + 1)])
    category_ticks(ax, [str(b) for b in range(1, bins + 1)], horizontal=True)
    ax.set_xlabel("recency score (higher = more recent)")
    ax.set_ylabel("frequency score (higher = more orders)")
    ax.set_title(f"RFM segments ({segments.map_name or 'segment map'}), customers per cell")
    return ax


def segment_share_chart(summary: SegmentSummary, *, ax: Axes | None = None) -> Axes:
    r"""Each segment's share of customers next to its share of revenue.

    Horizontal bar pairs, segments sorted by revenue share (largest on top),
    each with its customer count; segments without customers are left out. A
    segment whose revenue share far exceeds its customer share is where the
    money is.

    Parameters
    ----------
    summary : SegmentSummary
        From [`segment_summary`][ecomops.segmentation.segment_summary].
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: customer-share bars first, then revenue-share bars.

    Raises
    ------
    TypeError
        If ``summary`` is not a `SegmentSummary`.

    References
    ----------
    1. Kohavi, R. and Parekh, R. (2004). Visualizing RFM segmentation.
       Proceedings of the SIAM International Conference on Data Mining, 391-399.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.segmentation import (SegmentMap, customer_summary, rfm_scores,
    ...                                   segment_customers, segment_summary)
    >>> t = np.array(["2025-01-03", "2025-02-04", "2025-01-09", "2025-03-01"], "M8[D]")
    >>> cs = customer_summary([1, 1, 2, 3], t, [10.0, 20.0, 5.0, 8.0], as_of="2025-03-31")
    >>> seg = segment_customers(rfm_scores(cs), SegmentMap.preset("rf_10"))
    >>> ax = plot.segment_share_chart(segment_summary(seg, cs))
    >>> sorted(round(float(p.get_width()), 3) for p in ax.patches)
    [0.116, 0.186, 0.333, 0.333, 0.333, 0.698]
    >>> plt.close(ax.figure)
    """
    expect_kind(summary, SegmentSummary, "summary")
    keep = np.flatnonzero(np.asarray(summary.n_customers) > 0)
    if keep.size > MAX_CATEGORIES:
        raise InvalidInputError(f"segment_share_chart draws at most {MAX_CATEGORIES} segments")
    order = keep[np.argsort(np.asarray(summary.revenue_share)[keep], kind="stable")]
    ax = axes_or_new(ax, figsize=(7.0, 0.45 * order.size + 1.5))
    y = np.arange(order.size)
    height = 0.4
    ax.barh(
        y + height / 2,
        np.asarray(summary.customer_share)[order],
        height,
        color="C0",
        label="share of customers",
    )
    ax.barh(
        y - height / 2,
        np.asarray(summary.revenue_share)[order],
        height,
        color="C1",
        label="share of revenue",
    )
    names = [f"{summary.segment[i]} ({int(summary.n_customers[i]):,})" for i in order]
    category_ticks(ax, names, horizontal=True)
    percent_axis(ax.xaxis)
    ax.set_xlabel("share of all customers / of all revenue [%]")
    ax.set_title("Segments: customers and revenue")
    ax.legend(loc="lower right")
    return ax


_Purchase = BGNBDFit | ParetoNBDFit | NBDFit


def _grid(T: Any, max_frequency: Any, n_recency: Any) -> tuple[float, np.ndarray, np.ndarray]:
    age = plain_floats([T], "T")[0]
    if not np.isfinite(age) or age <= 0:
        raise InvalidInputError(f"T must be a finite number > 0; got {age}")
    top = check_bound(max_frequency, "max_frequency", 1, MAX_GRID)
    steps = check_bound(n_recency, "n_recency", 2, MAX_GRID)
    return age, np.arange(top + 1, dtype=np.float64), np.linspace(0.0, age, steps)


def _matrix(ax: Axes, values: np.ndarray, age: float, top: int, label: str) -> None:
    image = ax.imshow(
        values, origin="lower", aspect="auto", cmap="viridis", extent=(0.0, age, -0.5, top + 0.5)
    )
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(label)
    ax.set_xlabel("recency: age at the last purchase, t_x [periods of the fit]")
    ax.set_ylabel("frequency: repeat purchases, x")


def frequency_recency_heatmap(
    fit: BGNBDFit | ParetoNBDFit | NBDFit,
    *,
    T: float,
    horizon: float = 1.0,
    max_frequency: int = 20,
    n_recency: int = 60,
    ax: Axes | None = None,
) -> Axes:
    r"""Expected purchases in the next ``horizon`` for every frequency and recency.

    The matrix of $E[Y(t) \mid x, t_x, T]$ (the fit's ``expected_purchases``)
    over repeat counts $x = 0, \dots,$ ``max_frequency`` (up) and recencies
    $t_x$ from 0 to ``T`` (across), for customers of age ``T``: a customer
    who bought often and recently is expected to buy most (top right).

    Parameters
    ----------
    fit : BGNBDFit, ParetoNBDFit or NBDFit
        A fitted purchase model.
    T : float
        Customer age, time since the first purchase, in the fit's time unit, ``> 0``. [period]
    horizon : float
        Length of the future window, ``> 0``. [period]
    max_frequency : int
        Largest repeat count shown, in [1, 400]. [-]
    n_recency : int
        Number of recency points from 0 to ``T``, in [2, 400] (the grid is at
        most 401 x 400 cells). [-]
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; ``ax.images[0]`` holds the matrix (rows are repeat counts).

    Raises
    ------
    TypeError
        If ``fit`` is not a purchase-model fit.
    InvalidInputError
        If a grid argument is out of its bounds.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model. Marketing
       Science, 24(2), 275-284 (figure of the frequency-recency matrix).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.segmentation import BGNBDFit
    >>> fit = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)  # CDNOW, Fader et al. (2005)
    >>> ax = plot.frequency_recency_heatmap(fit, T=38.86, horizon=39, max_frequency=10)
    >>> ax.images[0].get_array().shape
    (11, 60)
    >>> plt.close(ax.figure)
    """
    expect_kind(fit, (BGNBDFit, ParetoNBDFit, NBDFit), "fit")
    age, x, t_x = _grid(T, max_frequency, n_recency)
    window = plain_floats([horizon], "horizon")[0]
    if not np.isfinite(window) or window <= 0:
        raise InvalidInputError(f"horizon must be a finite number > 0; got {window}")
    values = np.asarray(fit.expected_purchases(window, x[:, None], t_x[None, :], age))
    ax = axes_or_new(ax)
    _matrix(ax, values, age, int(x[-1]), f"expected purchases in the next {window:g} periods")
    ax.set_title(f"{type(fit).__name__.removesuffix('Fit')}: expected purchases, T = {age:g}")
    return ax


def probability_alive_heatmap(
    fit: BGNBDFit | ParetoNBDFit,
    *,
    T: float,
    max_frequency: int = 20,
    n_recency: int = 60,
    ax: Axes | None = None,
) -> Axes:
    r"""Probability that a customer is still active, for every frequency and recency.

    The matrix of $P(\text{alive} \mid x, t_x, T)$ (the fit's
    ``probability_alive``) over repeat counts (up) and recencies (across): a
    frequent buyer who has not bought for long is likely gone (top left).

    Parameters
    ----------
    fit : BGNBDFit or ParetoNBDFit
        A fitted model with dropout.
    T : float
        Customer age in the fit's time unit, ``> 0``. [period]
    max_frequency : int
        Largest repeat count shown, in [1, 400]. [-]
    n_recency : int
        Number of recency points from 0 to ``T``, in [2, 400]. [-]
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into; ``ax.images[0]`` holds the probabilities.

    Raises
    ------
    TypeError
        If ``fit`` is not a BG/NBD or Pareto/NBD fit (the NBD has no dropout).
    InvalidInputError
        If a grid argument is out of its bounds.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model. Marketing
       Science, 24(2), 275-284.
    2. Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987). Counting your
       customers: who are they and what will they do next? Management Science,
       33(1), 1-24.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.segmentation import BGNBDFit
    >>> fit = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)  # CDNOW, Fader et al. (2005)
    >>> ax = plot.probability_alive_heatmap(fit, T=38.86, max_frequency=10)
    >>> float(ax.images[0].get_array()[0, 0])  # no repeat purchase: alive by assumption
    1.0
    >>> plt.close(ax.figure)
    """
    expect_kind(fit, (BGNBDFit, ParetoNBDFit), "fit")
    age, x, t_x = _grid(T, max_frequency, n_recency)
    values = np.asarray(fit.probability_alive(x[:, None], t_x[None, :], age))
    ax = axes_or_new(ax)
    _matrix(ax, values, age, int(x[-1]), "probability alive")
    ax.images[0].set_clim(0.0, 1.0)
    ax.set_title(f"{type(fit).__name__.removesuffix('Fit')}: probability alive, T = {age:g}")
    return ax


def calibration_holdout_chart(
    fit: BGNBDFit | ParetoNBDFit | NBDFit,
    repeat_count: Any,
    t_x: Any,
    T: Any,
    holdout_purchases: Any,
    *,
    horizon: float,
    max_frequency: int = 7,
    ax: Axes | None = None,
) -> Axes:
    r"""Mean purchases in a holdout period, actual against predicted, by calibration frequency.

    Customers are grouped by their repeat count in the calibration period
    ($0, 1, \dots,$ ``max_frequency``, the last group holding every count at
    or above it); for each group the chart shows the mean of the purchases
    they actually made in the holdout period of length ``horizon`` and the mean
    of the fit's conditional expectation $E[Y(\text{horizon}) \mid x, t_x, T]$.
    Lines that track each other validate the model out of sample.

    Parameters
    ----------
    fit : BGNBDFit, ParetoNBDFit or NBDFit
        A model fitted on the calibration period.
    repeat_count, t_x, T : array_like
        Each customer's calibration-period repeat count, recency and age (the
        inputs of the fit). [-], [period], [period]
    holdout_purchases : array_like
        Each customer's purchases in the holdout period, ``>= 0``. [-]
    horizon : float
        Length of the holdout period in the fit's time unit, ``> 0``. [period]
    max_frequency : int
        The last group, in [1, 200]. [-]
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into, with two lines: ``"actual"`` then ``"model"``.

    Raises
    ------
    TypeError
        If ``fit`` is not a purchase-model fit.
    InvalidInputError
        If the arrays differ in length or a value is out of its domain.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model. Marketing
       Science, 24(2), 275-284 (Figure 4: conditional expectations in the holdout).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.segmentation import BGNBDFit
    >>> fit = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)  # CDNOW, Fader et al. (2005)
    >>> ax = plot.calibration_holdout_chart(fit, [0, 1, 2, 2], [0, 10, 30, 20],
    ...                                     [38, 38, 38, 38], [0, 1, 2, 1], horizon=39)
    >>> [line.get_label() for line in ax.get_lines()]
    ['actual', 'model']
    >>> ax.get_lines()[0].get_ydata().tolist()
    [0.0, 1.0, 1.5]
    >>> plt.close(ax.figure)
    """
    expect_kind(fit, (BGNBDFit, ParetoNBDFit, NBDFit), "fit")
    x, tx, age, actual = (
        plain_floats(v, name)
        for v, name in (
            (repeat_count, "repeat_count"),
            (t_x, "t_x"),
            (T, "T"),
            (holdout_purchases, "holdout_purchases"),
        )
    )
    if not (x.shape == tx.shape == age.shape == actual.shape):
        raise InvalidInputError(
            "repeat_count, t_x, T and holdout_purchases must have the same length; got "
            f"{x.shape[0]}, {tx.shape[0]}, {age.shape[0]}, {actual.shape[0]}"
        )
    if np.any(~np.isfinite(actual) | (actual < 0)):
        first = int(np.argmax(~np.isfinite(actual) | (actual < 0)))
        raise InvalidInputError(
            f"holdout_purchases must be finite and >= 0; first bad at index {first}"
        )
    top = check_bound(max_frequency, "max_frequency", 1, MAX_CATEGORIES)
    predicted = np.asarray(fit.expected_purchases(horizon, x, tx, age), dtype=np.float64)
    group = np.minimum(x, top).astype(np.int64)
    n = np.bincount(group, minlength=top + 1)
    seen = np.flatnonzero(n > 0)
    mean_actual = np.bincount(group, weights=actual, minlength=top + 1)[seen] / n[seen]
    mean_model = np.bincount(group, weights=predicted, minlength=top + 1)[seen] / n[seen]
    ax = axes_or_new(ax)
    ax.plot(seen, mean_actual, marker="o", label="actual")
    ax.plot(seen, mean_model, marker="s", linestyle="--", label="model")
    names = [f"{k}+" if k == top else str(k) for k in seen]
    ax.set_xticks(seen, names)
    ax.set_xlabel("repeat purchases in the calibration period")
    ax.set_ylabel(f"mean purchases in the holdout ({horizon:.3g} periods)")
    ax.set_title(f"Calibration vs holdout: {type(fit).__name__.removesuffix('Fit')}")
    ax.legend()
    return ax
