"""The sample shop: checking its arguments and drawing its tables (private)."""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from ecomops._datasets.generate import (
    customers_table,
    demand_table,
    events_table,
    keywords_table,
    orders_table,
    parcels_table,
    products_table,
    rows_for_scale,
)
from ecomops._datasets.tables import SampleShop
from ecomops.exceptions import InvalidInputError

#: Largest ``scale``: about two million order lines, three million events and a
#: 58 MB demand matrix, built in seconds. Every table grows linearly with
#: ``scale`` (the demand matrix by 365 x 8 bytes per SKU), so ``scale=10_000``
#: would need several GiB; it is refused before anything is drawn.
MAX_SCALE = 100.0


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool | np.bool_) or not isinstance(seed, int | np.integer):
        raise InvalidInputError(f"seed must be a non-negative integer; got {seed!r}")
    value = operator.index(seed)
    if value < 0:
        raise InvalidInputError(f"seed must be >= 0; got {value}")
    return value


def _check_scale(scale: Any) -> float:
    if isinstance(scale, bool | np.bool_) or not isinstance(
        scale, int | float | np.integer | np.floating
    ):
        raise InvalidInputError(f"scale must be a real number; got {scale!r}")
    value = float(scale)
    if not math.isfinite(value):
        raise InvalidInputError(f"scale must be finite; got {value}")
    if value <= 0.0:
        raise InvalidInputError(f"scale must be > 0; got {value}")
    if value > MAX_SCALE:
        raise InvalidInputError(
            f"scale must be <= {MAX_SCALE:g} (about two million order lines; every table "
            f"grows linearly with scale); got {value:g}"
        )
    return value


def _check_dropout(dropout: Any) -> bool:
    if not isinstance(dropout, bool | np.bool_):
        raise InvalidInputError(f"dropout must be True or False; got {dropout!r}")
    return bool(dropout)


def sample_shop(seed: int = 0, *, scale: float = 1.0, dropout: bool = False) -> SampleShop:
    r"""Build a deterministic synthetic online shop in memory.

    Every table is drawn, vectorised, from its own child generator of
    ``numpy.random.SeedSequence(seed)``, so the same ``seed`` and ``scale`` give
    identical arrays, and the size of one table never shifts another's random
    stream (tables depend on each other only through their data: orders on the
    catalogue, demand and customers; parcels on the orders). Nothing touches disk
    or the network; no global random state is used.

    At ``scale=1`` the shop has 200 SKUs in 8 categories, 365 days of daily demand
    (2025-11-01 to 2026-10-31, a quarter of the SKUs intermittent), 2,000
    customers, about 8,000 orders with about 20,000 order lines (one parcel per
    order), 6,000 web sessions with about 30,000 events, and 500 keywords.

    Parameters
    ----------
    seed : int, default 0
        Seed of ``numpy.random.SeedSequence``, ``>= 0``. [-]
    scale : float, default 1.0
        Multiplier of the row counts of products, customers (hence orders, lines
        and parcels), sessions (hence events) and keywords, ``> 0`` and
        ``<= 100``; each count is rounded and at least 1. The demand history
        always covers 365 days. ``scale=100``, the largest, gives about two
        million order lines in a few seconds; beyond it memory grows past what a
        sample data set should take, so larger scales are refused up front. [-]
    dropout : bool, default False
        Let customers become inactive: each customer draws a dropout
        probability $p \sim \mathrm{Beta}(0.8, 2.4)$ (near the BG/NBD estimates
        on CDNOW) and, after each repeat purchase, stops buying with probability
        $p$, as the BG/NBD assumes; the orders they would have placed later are
        never placed. The customer base then churns as a real one does, and
        [`fit_bgnbd`][ecomops.segmentation.fit_bgnbd] and
        [`fit_pareto_nbd`][ecomops.segmentation.fit_pareto_nbd] find their
        dropout. Off by default, so the tables of a given seed stay those of
        earlier versions; the customers' dropout is drawn from its own child
        generator, and only the orders, their lines and parcels change. [-]

    Returns
    -------
    SampleShop
        Tables ``products``, ``demand``, ``customers``, ``order_lines``,
        ``events``, ``keywords`` and ``parcels``, with ``seed`` and ``scale``.

    Raises
    ------
    InvalidInputError
        If ``seed`` is not a non-negative integer, ``scale`` is not a finite
        number in (0, 100], or ``dropout`` is not a bool.

    Notes
    -----
    The models are plausible, not fitted to a real shop. Purchase frequency is an
    NBD (gamma-Poisson) count, the classic model of repeat buying (Ehrenberg,
    1959), as in the BG/NBD family (Fader, Hardie and Lee, 2005), so most buyers
    order once and a few dozens of times. Without ``dropout`` every customer
    stays active to the end of the window (the NBD fits, and the BG/NBD finds no
    dropout); with it, the purchase process is the BG/NBD's (Poisson purchases
    while active, geometric dropout after each repeat purchase), up to the
    seasonal calendar of the order days. Daily demand is negative binomial for
    regular SKUs and zero-inflated with lumpy batches for intermittent ones, the
    patterns of the Syntetos-Boylan-Croston classification (Syntetos, Boylan and
    Croston, 2005). The order lines and the demand history are drawn
    independently (the history stands for every channel); they share the SKUs,
    and order lines pick SKUs in proportion to their mean daily demand.

    References
    ----------
    1. Ehrenberg, A. S. C. (1959). The pattern of consumer purchases. Journal
       of the Royal Statistical Society, Series C (Applied Statistics), 8(1),
       26-41. https://doi.org/10.2307/2985810
    2. Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your
       customers" the easy way: an alternative to the Pareto/NBD model. Marketing
       Science, 24(2), 275-284. https://doi.org/10.1287/mksc.1040.0098
    3. Syntetos, A. A., Boylan, J. E. and Croston, J. D. (2005). On the
       categorization of demand patterns. Journal of the Operational Research
       Society, 56(5), 495-503. https://doi.org/10.1057/palgrave.jors.2601841

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.datasets import sample_shop
    >>> shop = sample_shop(seed=0)
    >>> len(shop.products), len(shop.customers), len(shop.keywords)
    (200, 2000, 500)
    >>> len(shop.parcels) == np.unique(shop.order_lines.order_id).size
    True
    >>> np.array_equal(shop.order_lines.amount, sample_shop(seed=0).order_lines.amount)
    True
    >>> with_dropout = sample_shop(seed=0, dropout=True)
    >>> len(with_dropout.order_lines) < len(shop.order_lines)
    True
    >>> sample_shop(scale=0)
    Traceback (most recent call last):
    ...
    ecomops.exceptions.InvalidInputError: scale must be > 0; got 0.0
    """
    seed = _check_seed(seed)
    scale = _check_scale(scale)
    dropout = _check_dropout(dropout)
    # The eighth child feeds only the dropout, so the first seven tables'
    # streams are those of a shop without it.
    (
        products_rng,
        demand_rng,
        customers_rng,
        orders_rng,
        events_rng,
        keywords_rng,
        parcels_rng,
        dropout_rng,
    ) = (np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(8))

    products, cat = products_table(products_rng, rows_for_scale(200, scale))
    demand, popularity = demand_table(demand_rng, products, cat)
    customers, signup_day, province = customers_table(customers_rng, rows_for_scale(2000, scale))
    draw = orders_table(
        orders_rng, products, cat, popularity, signup_day, dropout_rng if dropout else None
    )
    parcels = parcels_table(parcels_rng, products, draw, province)
    events = events_table(events_rng, rows_for_scale(6000, scale), rows_for_scale(4800, scale))
    keywords = keywords_table(keywords_rng, rows_for_scale(500, scale))
    return SampleShop(
        products=products,
        demand=demand,
        customers=customers,
        order_lines=draw.lines,
        events=events,
        keywords=keywords,
        parcels=parcels,
        seed=seed,
        scale=scale,
        dropout=dropout,
    )
