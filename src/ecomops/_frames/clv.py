r"""Customer-lifetime-value fits and predictions from an orders frame (private).

A fit reads the orders frame once (a per-customer summary, as
`customer_summary` computes it) and returns the model's fit object; the
predictions read the same frame and return one row per customer. The time unit
of every fit and prediction is the summary's ``period`` (days by default): fit
and predict with the same ``period``.
"""

from __future__ import annotations

from typing import Any

from ecomops._core.typing import DuplicateHandling, Occasion, RefundHandling, SummaryPeriod
from ecomops._frames.common import FrameT
from ecomops._frames.segmentation import summarize
from ecomops._segmentation.clv import (
    BGNBDFit,
    GammaGammaFit,
    NBDFit,
    ParetoNBDFit,
)
from ecomops._segmentation.clv import customer_lifetime_value as _customer_lifetime_value
from ecomops._segmentation.clv import fit_bgnbd as _fit_bgnbd
from ecomops._segmentation.clv import fit_gamma_gamma as _fit_gamma_gamma
from ecomops._segmentation.clv import fit_nbd as _fit_nbd
from ecomops._segmentation.clv import fit_pareto_nbd as _fit_pareto_nbd

__all__ = ["customer_lifetime_value", "fit_bgnbd", "fit_gamma_gamma", "fit_nbd", "fit_pareto_nbd"]


def fit_bgnbd(
    data: Any,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
) -> BGNBDFit:
    r"""Fit the BG/NBD purchase model to an orders frame.

    Summarises the frame per customer (repeat count $x$, $t_x$, $T$ in
    ``period`` units) and fits [`fit_bgnbd`][ecomops.segmentation.fit_bgnbd] by
    maximum likelihood.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log, one row per order or order line.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        The summary's options, as in
        [`customer_summary`][ecomops.segmentation.customer_summary]; ``period``
        is the time unit of the fit (``"W"`` for weeks, as lifetimes' examples).

    Returns
    -------
    BGNBDFit
        The fitted model: parameters ``r``, ``alpha``, ``a``, ``b``, standard
        errors, log-likelihood.

    Raises
    ------
    InvalidInputError
        For a missing column (listing the frame's columns) and whatever the
        array API refuses.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "Counting your
       customers the easy way: an alternative to the Pareto/NBD model",
       *Marketing Science* 24(2), 275-284, doi:10.1287/mksc.1040.0098.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> rng = np.random.default_rng(0)  # 1,000 customers who buy, then drop out
    >>> rate = rng.gamma(0.5, 0.5, 1_000)                     # purchases per week
    >>> alive = np.minimum(rng.exponential(20.0, 1_000), 52)  # weeks until dropout
    >>> buys = 1 + rng.poisson(rate * alive)
    >>> customer = np.repeat(np.arange(1_000), buys)
    >>> week = rng.uniform(0, alive[customer])
    >>> week[np.r_[0, np.cumsum(buys)[:-1]]] = 0              # first purchases in week 0
    >>> orders = pd.DataFrame({"customer_id": customer, "amount": rng.gamma(4, 10, customer.size),
    ...     "order_ts": pd.Timestamp("2025-01-06") + pd.to_timedelta(week * 7, unit="D")})
    >>> fit = frames.fit_bgnbd(orders, as_of="2026-01-04", period="W")  # in weeks
    >>> fit
    BGNBDFit(r=0.251199, alpha=1.47173, a=1.42152, b=5.12268, ...)
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    s = orders.summary
    return _fit_bgnbd(s.repeat_count, s.t_x, s.T)


def fit_pareto_nbd(
    data: Any,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
) -> ParetoNBDFit:
    r"""Fit the Pareto/NBD purchase model to an orders frame.

    Summarises the frame per customer and fits
    [`fit_pareto_nbd`][ecomops.segmentation.fit_pareto_nbd].

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        As in [`fit_bgnbd`][ecomops.frames.fit_bgnbd].

    Returns
    -------
    ParetoNBDFit
        The fitted model: ``r``, ``alpha``, ``s``, ``beta``.

    Raises
    ------
    InvalidInputError
        For a missing column, whatever the array API refuses, and data where no
        dropout law fits better than none (see
        [`fit_pareto_nbd`][ecomops.segmentation.fit_pareto_nbd]).

    References
    ----------
    1. Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987), "Counting
       your customers: who are they and what will they do next?", *Management
       Science* 33(1), 1-24, doi:10.1287/mnsc.33.1.1.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> rng = np.random.default_rng(0)  # 1,000 customers who buy, then drop out
    >>> rate = rng.gamma(0.5, 0.5, 1_000)                     # purchases per week
    >>> alive = np.minimum(rng.exponential(20.0, 1_000), 52)  # weeks until dropout
    >>> buys = 1 + rng.poisson(rate * alive)
    >>> customer = np.repeat(np.arange(1_000), buys)
    >>> week = rng.uniform(0, alive[customer])
    >>> week[np.r_[0, np.cumsum(buys)[:-1]]] = 0              # first purchases in week 0
    >>> orders = pd.DataFrame({"customer_id": customer, "amount": rng.gamma(4, 10, customer.size),
    ...     "order_ts": pd.Timestamp("2025-01-06") + pd.to_timedelta(week * 7, unit="D")})
    >>> frames.fit_pareto_nbd(orders, as_of="2026-01-04", period="W").r
    0.6704...
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    s = orders.summary
    return _fit_pareto_nbd(s.repeat_count, s.t_x, s.T)


def fit_nbd(
    data: Any,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
) -> NBDFit:
    r"""Fit the NBD purchase model (no dropout) to an orders frame.

    Summarises the frame per customer and fits
    [`fit_nbd`][ecomops.segmentation.fit_nbd]: the model to use when BG/NBD and
    Pareto/NBD find no sign of dropout.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        As in [`fit_bgnbd`][ecomops.frames.fit_bgnbd].

    Returns
    -------
    NBDFit
        The fitted model: ``r``, ``alpha``.

    Raises
    ------
    InvalidInputError
        For a missing column and whatever the array API refuses.

    References
    ----------
    1. Ehrenberg, A. S. C. (1959), "The pattern of consumer purchases",
       *Journal of the Royal Statistical Society C* 8(1), 26-41,
       doi:10.2307/2985810.

    Examples
    --------
    >>> from ecomops import frames
    >>> from ecomops.datasets import sample_shop
    >>> orders = sample_shop(seed=0).order_lines.to_pandas()
    >>> frames.fit_nbd(orders, timestamp="timestamp", as_of="2026-10-31", period="W",
    ...                is_refund="is_refund", refunds="separate")
    NBDFit(r=0.3795..., alpha=4.853..., ...)
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    s = orders.summary
    return _fit_nbd(s.repeat_count, s.t_x, s.T)


def fit_gamma_gamma(
    data: Any,
    *,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
) -> GammaGammaFit:
    r"""Fit the Gamma-Gamma spend model to an orders frame.

    Summarises the frame per customer (repeat count $x$ and mean repeat spend
    $\bar z$) and fits [`fit_gamma_gamma`][ecomops.segmentation.fit_gamma_gamma]
    on the repeat customers.

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log.
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        As in [`fit_bgnbd`][ecomops.frames.fit_bgnbd].

    Returns
    -------
    GammaGammaFit
        The fitted model: ``p``, ``q``, ``gamma``.

    Raises
    ------
    InvalidInputError
        For a missing column and whatever the array API refuses.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "RFM and CLV:
       using iso-value curves for customer base analysis", *Journal of Marketing
       Research* 42(4), 415-430, doi:10.1509/jmkr.2005.42.4.415.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from ecomops import frames
    >>> rng = np.random.default_rng(0)  # 1,000 customers who buy, then drop out
    >>> rate = rng.gamma(0.5, 0.5, 1_000)                     # purchases per week
    >>> alive = np.minimum(rng.exponential(20.0, 1_000), 52)  # weeks until dropout
    >>> buys = 1 + rng.poisson(rate * alive)
    >>> customer = np.repeat(np.arange(1_000), buys)
    >>> week = rng.uniform(0, alive[customer])
    >>> week[np.r_[0, np.cumsum(buys)[:-1]]] = 0              # first purchases in week 0
    >>> orders = pd.DataFrame({"customer_id": customer, "amount": rng.gamma(4, 10, customer.size),
    ...     "order_ts": pd.Timestamp("2025-01-06") + pd.to_timedelta(week * 7, unit="D")})
    >>> frames.fit_gamma_gamma(orders, as_of="2026-01-04", period="W").n_customers  # repeat buyers
    558.0
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    s = orders.summary
    return _fit_gamma_gamma(s.repeat_count, s.mean_repeat_spend)


def customer_lifetime_value(
    data: FrameT,
    purchase_model: BGNBDFit | ParetoNBDFit | NBDFit,
    spend_model: GammaGammaFit,
    *,
    horizon: float,
    period_length: float,
    discount_rate: float,
    profit_margin: float = 1.0,
    customer_id: str = "customer_id",
    timestamp: str = "order_ts",
    amount: str = "amount",
    as_of: Any = None,
    order_id: str | None = None,
    is_refund: str | None = None,
    period: SummaryPeriod = "D",
    occasion: Occasion = "period",
    refunds: RefundHandling = "net",
    duplicates: DuplicateHandling = "keep",
) -> FrameT:
    r"""Per-customer predictions of fitted CLV models over an orders frame.

    For each customer of the frame: the probability of being alive at
    ``as_of``, the expected purchases over ``horizon``, the expected spend per
    purchase, and the discounted lifetime value of
    [`customer_lifetime_value`][ecomops.segmentation.customer_lifetime_value].

    Parameters
    ----------
    data : pandas or polars DataFrame
        The order log (usually the one the models were fitted on).
    purchase_model : BGNBDFit, ParetoNBDFit or NBDFit
        Fitted purchase model, e.g. from [`fit_bgnbd`][ecomops.frames.fit_bgnbd].
    spend_model : GammaGammaFit
        Fitted spend model, e.g. from
        [`fit_gamma_gamma`][ecomops.frames.fit_gamma_gamma].
    horizon, period_length, discount_rate, profit_margin : float
        As in [`customer_lifetime_value`][ecomops.segmentation.customer_lifetime_value],
        in ``period`` units. [periods], [periods], [fraction], [fraction]
    customer_id, timestamp, amount, order_id, is_refund : str
        Column names, as in [`customer_summary`][ecomops.frames.customer_summary].
        [column names]
    as_of, period, occasion, refunds, duplicates
        The summary's options; use the ``period`` the models were fitted with.

    Returns
    -------
    pandas or polars DataFrame
        One row per customer: the caller's customer column, the inputs of the
        models (``repeat_count``, ``t_x``, ``T``, ``mean_repeat_spend``), then
        ``probability_alive``, ``expected_purchases`` (over ``horizon``),
        ``expected_spend`` (per purchase) and ``customer_lifetime_value``.
        [occasions, periods, periods, currency, fraction, purchases, currency,
        currency]

    Raises
    ------
    InvalidInputError
        For a missing column, models of the wrong kind, and whatever the array
        API refuses.

    References
    ----------
    1. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005), "RFM and CLV:
       using iso-value curves for customer base analysis", *Journal of Marketing
       Research* 42(4), 415-430, doi:10.1509/jmkr.2005.42.4.415.

    Examples
    --------
    >>> from ecomops import frames
    >>> from ecomops.segmentation import BGNBDFit, GammaGammaFit
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "customer_id": [1, 1, 1, 2],
    ...     "order_ts": pd.to_datetime(["2026-01-04", "2026-02-01", "2026-03-01", "2026-01-11"]),
    ...     "amount": [30.0, 20.0, 25.0, 40.0],
    ... })
    >>> bg = BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)  # lifetimes' CDNOW fit, in weeks
    >>> gg = GammaGammaFit(6.25, 3.74, 15.44)
    >>> clv = frames.customer_lifetime_value(orders, bg, gg, horizon=52, period_length=4.345,
    ...                                      discount_rate=0.01, as_of="2026-03-29", period="W")
    >>> clv[["customer_id", "repeat_count", "T"]].to_numpy().tolist()
    [[1.0, 2.0, 12.0], [2.0, 0.0, 11.0]]
    >>> bool((clv["probability_alive"] <= 1).all())
    True
    """
    orders = summarize(
        data, customer_id, timestamp, amount, order_id, is_refund,
        as_of=as_of, period=period, occasion=occasion, refunds=refunds, duplicates=duplicates,
    )  # fmt: skip
    s = orders.summary
    clv = _customer_lifetime_value(
        purchase_model, spend_model, s.repeat_count, s.t_x, s.T, s.mean_repeat_spend,
        horizon=horizon, period_length=period_length, discount_rate=discount_rate,
        profit_margin=profit_margin,
    )  # fmt: skip
    result: FrameT = orders.build(
        {
            "repeat_count": s.repeat_count,
            "t_x": s.t_x,
            "T": s.T,
            "mean_repeat_spend": s.mean_repeat_spend,
            "probability_alive": purchase_model.probability_alive(s.repeat_count, s.t_x, s.T),
            "expected_purchases": purchase_model.expected_purchases(
                horizon, s.repeat_count, s.t_x, s.T
            ),
            "expected_spend": spend_model.expected_spend(s.repeat_count, s.mean_repeat_spend),
            "customer_lifetime_value": clv,
        }
    )
    return result
