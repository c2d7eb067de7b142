r"""Keyword scoring over a keyword export (private)."""

from __future__ import annotations

from collections.abc import Mapping

from numpy.typing import ArrayLike

from ecomops._frames.common import FrameT, check_name, read_frame
from ecomops._seo.metrics import CtrCurveName, ScoreWeights
from ecomops._seo.metrics import keyword_scores as _keyword_scores

__all__ = ["keyword_scores"]

_COMPONENTS = ("volume_score", "ease_score", "intent_score", "relevance_score", "position_score")


def keyword_scores(
    data: FrameT,
    *,
    keyword: str = "keyword",
    volume: str = "volume",
    difficulty: str = "difficulty",
    cpc: str = "cpc",
    position: str | None = None,
    relevance: str | None = None,
    component_weights: ScoreWeights | Mapping[str, float] | None = None,
    reference_volume: float | None = None,
    reference_cpc: float | None = None,
    ctr_curve: CtrCurveName | ArrayLike = "sistrix_2020",
) -> FrameT:
    """One priority score per keyword of a keyword export, with its components.

    The frame version of [`keyword_scores`][ecomops.seo.keyword_scores].

    Parameters
    ----------
    data : pandas or polars DataFrame
        One row per keyword (a keyword tool's export).
    keyword, volume, difficulty, cpc : str
        Column names; the defaults are the quantities' own names (the sample
        shop's volume column is ``"monthly_volume"``). [column names]
    position, relevance : str, optional
        Columns of the current organic position (NaN: not ranking) and of the
        keyword's relevance to the listings; each adds its component. [column
        names]
    component_weights, reference_volume, reference_cpc, ctr_curve
        As in [`keyword_scores`][ecomops.seo.keyword_scores].

    Returns
    -------
    pandas or polars DataFrame
        One row per row of ``data``, in its order (pandas: with its index): the
        columns read, then ``score``, ``rank`` and the five component scores.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Keeney, R. L. and Raiffa, H. (1976), *Decisions with Multiple
       Objectives*, Wiley, ch. 3 (additive multi-attribute value).

    Examples
    --------
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> export = pd.DataFrame({"keyword": ["绿茶", "green tea"], "volume": [5_000, 300],
    ...                        "difficulty": [70, 20], "cpc": [1.5, 0.8]})
    >>> frames.keyword_scores(export)[["keyword", "rank"]]
         keyword  rank
    0         绿茶     1
    1  green tea     2
    """
    frame = read_frame(data)
    names = {"keyword": keyword, "volume": volume, "difficulty": difficulty, "cpc": cpc}
    checked = {k: check_name(v, k) for k, v in names.items()}
    checked.update(
        position=check_name(position, "position", optional=True),
        relevance=check_name(relevance, "relevance", optional=True),
    )
    frame.check(**checked)
    scores = _keyword_scores(
        frame.column(volume), frame.column(difficulty), frame.column(cpc),
        position=frame.optional(position), relevance=frame.optional(relevance),
        component_weights=component_weights, reference_volume=reference_volume,
        reference_cpc=reference_cpc, ctr_curve=ctr_curve,
    )  # fmt: skip
    read = dict.fromkeys(name for name in checked.values() if name is not None)
    answer = [("score", scores.score), ("rank", scores.rank)]
    answer += [(name, getattr(scores, name)) for name in _COMPONENTS]
    out: FrameT = frame.build([*((n, frame.column(n)) for n in read), *answer], keep_index=True)
    return out
