"""SEO plots: the keywords with the most to win, and what drives their scores (private)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ecomops._plot.common import (
    MAX_CATEGORIES,
    Axes,
    axes_or_new,
    category_ticks,
    check_bound,
    expect_kind,
    plain_floats,
)
from ecomops._seo.metrics import KeywordScores
from ecomops.exceptions import InvalidInputError

__all__ = ["keyword_opportunity_chart", "keyword_score_chart"]

_COMPONENTS = ("volume", "ease", "intent", "relevance", "position")


def keyword_opportunity_chart(
    keywords: Any, values: Any, *, top: int = 15, ax: Axes | None = None
) -> Axes:
    r"""The keywords with the largest opportunity, as horizontal bars.

    Sorts the keywords by opportunity (for instance the extra monthly clicks
    of [`keyword_opportunity`][ecomops.seo.keyword_opportunity], or a BM25
    score from [`bm25_scores`][ecomops.seo.bm25_scores]) and draws the ``top``
    largest, largest on top; NaN values are left out.

    Parameters
    ----------
    keywords : sequence of str
        The keywords.
    values : array_like
        The opportunity of each keyword. [clicks/month, or the score's unit]
    top : int
        Number of keywords drawn, in [1, 200]. [-]
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: one bar per keyword shown, largest last (on top).

    Raises
    ------
    InvalidInputError
        If ``keywords`` and ``values`` differ in length or ``top`` is out of bounds.

    References
    ----------
    1. Fishkin, R. and Moz (2015). The Beginner's Guide to SEO, chapter 5
       (keyword research: volume, difficulty and opportunity).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.seo import keyword_opportunity
    >>> gain = keyword_opportunity([5000, 800, 12000], [8, 3, 15], [40, 20, 70])
    >>> ax = plot.keyword_opportunity_chart(["tea set", "gift box", "green tea"], gain, top=2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['tea set', 'green tea']
    >>> plt.close(ax.figure)
    """
    values = plain_floats(values, "values")
    names = np.asarray(keywords, dtype=object).ravel()
    if names.shape != values.shape:
        raise InvalidInputError(
            f"keywords and values must have the same length; got {names.size} and {values.size}"
        )
    k = check_bound(top, "top", 1, MAX_CATEGORIES)
    finite = np.flatnonzero(np.isfinite(values))
    best = finite[np.argsort(-values[finite], kind="stable")[:k]][::-1]
    ax = axes_or_new(ax, figsize=(7.0, 0.32 * best.size + 1.5))
    ax.barh(np.arange(best.size), values[best], color="C0")
    category_ticks(ax, [str(names[i]) for i in best], horizontal=True)
    ax.set_xlabel("opportunity")
    ax.set_title(f"Top {best.size} keywords by opportunity")
    return ax


def keyword_score_chart(scores: KeywordScores, *, top: int = 15, ax: Axes | None = None) -> Axes:
    r"""The best-scored keywords, each bar split into the weighted components of its score.

    ``score = sum(component_weights[c] * <c>_score)``: each bar stacks the
    weighted components (volume, ease, intent, relevance, position; those
    with weight 0 are left out), so its length is the score and its parts say
    why a keyword ranks where it does.

    Parameters
    ----------
    scores : KeywordScores
        From [`keyword_scores`][ecomops.seo.keyword_scores].
    top : int
        Number of keywords drawn, in [1, 200]. [-]
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn into: one bar container per component in use.

    Raises
    ------
    TypeError
        If ``scores`` is not a `KeywordScores`.
    InvalidInputError
        If ``top`` is out of bounds.

    References
    ----------
    1. See [`keyword_scores`][ecomops.seo.keyword_scores] for the components
       and their default weights.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from ecomops import plot
    >>> from ecomops.seo import keyword_scores
    >>> res = keyword_scores([1_000, 100], [30, 60], [1.0, 2.0], keywords=["tea", "cup"])
    >>> ax = plot.keyword_score_chart(res)
    >>> [c.get_label() for c in ax.containers]
    ['volume', 'ease', 'intent']
    >>> plt.close(ax.figure)
    """
    expect_kind(scores, KeywordScores, "scores")
    k = check_bound(top, "top", 1, MAX_CATEGORIES)
    order = np.asarray(scores.order())
    order = order[np.isfinite(np.asarray(scores.score)[order])][:k][::-1]
    names = (
        [str(scores.keyword[i]) for i in order]
        if scores.keyword is not None
        else [f"#{int(i)}" for i in order]
    )
    ax = axes_or_new(ax, figsize=(7.0, 0.32 * order.size + 1.5))
    left = np.zeros(order.size)
    for n, component in enumerate(_COMPONENTS):
        weight = float(scores.component_weights.get(component, 0.0))
        if weight <= 0.0:
            continue
        part = weight * np.nan_to_num(np.asarray(getattr(scores, f"{component}_score"))[order])
        ax.barh(np.arange(order.size), part, left=left, color=f"C{n}", label=component)
        left += part
    category_ticks(ax, names, horizontal=True)
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("score (weighted components) [-]")
    ax.set_title(f"Top {order.size} keywords by score")
    ax.legend(loc="lower right", fontsize=8)
    return ax
