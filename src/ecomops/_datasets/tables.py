"""Table classes of the sample shop (private; re-exported by `ecomops.datasets`)."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from typing import Any, ClassVar, TypeAlias

import numpy as np
import numpy.typing as npt

from ecomops._core.results import Display, Result, Table, display_kinds, freeze_arrays
from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops.exceptions import InvalidInputError
from ecomops.money import Currency

#: A column of strings.
StrArray: TypeAlias = npt.NDArray[np.str_]
#: A column of dates or times (``datetime64[D]`` or ``datetime64[s]``).
DateArray: TypeAlias = npt.NDArray[np.datetime64]

# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Products(Table):
    """The catalogue: one row per SKU.

    Attributes
    ----------
    sku : ndarray of str
        SKU id, ``"SKU-00001"``, ``"SKU-00002"``, ... (at least five digits). [-]
    category : ndarray of str
        One of ``"snacks"``, ``"tea"``, ``"apparel"``, ``"electronics"``, ``"home"``,
        ``"beauty"``, ``"baby"``, ``"sports"``. [-]
    unit_cost : ndarray of float64
        Supplier cost per unit, lognormal within a category, rounded to fen. [CNY]
    list_price : ndarray of float64
        Shelf price per unit: cost times a markup drawn per category, rounded up to
        a charm price (``x.9`` below 100 CNY, ending in 9 above) for about 88% of
        SKUs and to the fen otherwise. Always above ``unit_cost``. [CNY]
    weight_kg : ndarray of float64
        Packed weight of one unit. [kg]
    length_cm, width_cm, height_cm : ndarray of float64
        Packed dimensions of one unit, ``length_cm >= width_cm >= height_cm > 0``,
        rounded to 0.1 cm. [cm]
    lead_time_days : ndarray of float64
        Mean supplier lead time. [days]
    lead_time_std_days : ndarray of float64
        Standard deviation of the supplier lead time. [days]

    Examples
    --------
    >>> from ecomops.datasets import sample_shop
    >>> products = sample_shop(seed=0).products
    >>> len(products), str(products.sku[0]), products.column_names[:4]
    (200, 'SKU-00001', ('sku', 'category', 'unit_cost', 'list_price'))
    >>> bool((products.list_price > products.unit_cost).all())
    True
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "unit_cost",
            "list_price",
        ),
        currency=Currency("CNY"),
    )

    sku: StrArray
    category: StrArray
    unit_cost: FloatArray
    list_price: FloatArray
    weight_kg: FloatArray
    length_cm: FloatArray
    width_cm: FloatArray
    height_cm: FloatArray
    lead_time_days: FloatArray
    lead_time_std_days: FloatArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DailyDemand(Table):
    """Daily demand in long form: one row per SKU and day.

    Built by [`DemandHistory.to_long`][ecomops.datasets.DemandHistory.to_long];
    rows run SKU by SKU, each SKU's days in date order.

    Attributes
    ----------
    sku : ndarray of str
        SKU id. [-]
    date : ndarray of datetime64[D]
        Day. [date]
    units : ndarray of int64
        Units demanded that day, ``>= 0``. [units]

    Examples
    --------
    >>> from ecomops.datasets import sample_shop
    >>> long = sample_shop(seed=0).demand.to_long()
    >>> len(long), long.column_names
    (73000, ('sku', 'date', 'units'))
    >>> str(long.date[0]), str(long.date[-1])
    ('2025-11-01', '2026-10-31')
    """

    sku: StrArray
    date: DateArray
    units: IntArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class DemandHistory(Result):
    """Daily unit demand per SKU: a SKUs × days matrix.

    Regular SKUs (about 75%) follow a negative-binomial (gamma-Poisson) law around
    a level that moves with a weekend uplift, an annual cycle peaking in the
    category's season, a mild upward trend and the calendar events (Double-11
    pre-sale and day, Double-12, Spring Festival lull, 38 festival, 618 pre-sale
    and day). The others (exactly a quarter of the SKUs, rounded) are intermittent
    and lumpy: demand occurs on few days (zero-inflated), in batches drawn from a
    heavy-tailed negative binomial. The history stands for all the shop's sales
    channels; it is drawn independently of ``order_lines``, which only follow the
    SKUs' mean daily demand as their popularity.

    Attributes
    ----------
    sku : ndarray of str, shape (n_skus,)
        SKU ids, in the order of [`Products`][ecomops.datasets.Products]. [-]
    dates : ndarray of datetime64[D], shape (n_days,)
        Days, consecutive, 2025-11-01 to 2026-10-31. [date]
    units : ndarray of int64, shape (n_skus, n_days)
        Units demanded per SKU and day, ``>= 0``. [units]

    Examples
    --------
    >>> from ecomops.datasets import sample_shop
    >>> demand = sample_shop(seed=0).demand
    >>> demand.units.shape, str(demand.dates[0]), str(demand.dates[-1])
    ((200, 365), '2025-11-01', '2026-10-31')
    >>> daily = demand.units.sum(axis=0)
    >>> bool(daily[10] > 3 * np.median(daily))  # 2025-11-11, Double-11
    True
    """

    sku: StrArray
    dates: DateArray
    units: IntArray

    def __post_init__(self) -> None:
        if self.sku.ndim != 1 or self.dates.ndim != 1:
            raise InvalidInputError("sku and dates must be 1-dimensional")
        expected = (self.sku.shape[0], self.dates.shape[0])
        if self.units.shape != expected:
            raise InvalidInputError(
                f"units must have shape (len(sku), len(dates)) = {expected}; got {self.units.shape}"
            )
        freeze_arrays(self)

    def to_long(self) -> DailyDemand:
        """The history in long form, one row per SKU and day.

        Returns
        -------
        DailyDemand
            Columns ``sku``, ``date``, ``units``; ``n_skus * n_days`` rows, SKU by
            SKU, days in order.

        Examples
        --------
        >>> from ecomops.datasets import sample_shop
        >>> demand = sample_shop(seed=0).demand
        >>> long = demand.to_long()
        >>> int(long.units.sum()) == int(demand.units.sum())
        True
        >>> str(long.sku[365]), str(long.date[365])
        ('SKU-00002', '2025-11-01')
        """
        n_skus, n_days = self.units.shape
        return DailyDemand(
            sku=np.repeat(self.sku, n_days),
            date=np.tile(self.dates, n_skus).copy(),
            units=self.units.reshape(-1).copy(),
        )

    def _frame_source(self) -> dict[str, Any]:
        """One row per SKU and day: the columns of `to_long`."""
        return self.to_long().columns()


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Customers(Table):
    """Registered customers: one row per customer, in order of signup.

    Attributes
    ----------
    customer_id : ndarray of int64
        Customer id, ``1, 2, ...`` in signup order. [-]
    signup_date : ndarray of datetime64[D]
        Day of registration, 2021-01-01 to 2026-10-31; about 35% signed up within
        the order window (from 2025-11-01), the rest before it. [date]
    province : ndarray of str
        Province-level region of mainland China (``"广东"``, ``"浙江"``, ...),
        weighted by online retail sales. [-]
    channel : ndarray of str
        Acquisition channel: ``"taobao"``, ``"jd"``, ``"douyin"`` or ``"shopify"``. [-]

    Examples
    --------
    >>> from ecomops.datasets import sample_shop
    >>> customers = sample_shop(seed=0).customers
    >>> len(customers), int(customers.customer_id[0]), customers.signup_date.dtype
    (2000, 1, dtype('<M8[D]'))
    >>> sorted(set(customers.channel.tolist()))
    ['douyin', 'jd', 'shopify', 'taobao']
    """

    customer_id: IntArray
    signup_date: DateArray
    province: StrArray
    channel: StrArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class OrderLines(Table):
    """Order lines: one row per line, sorted by order, then SKU.

    About 85% of the customers order within the window 2025-11-01 to 2026-10-31.
    A buyer's number of orders is one plus a gamma-Poisson (NBD) count with shape
    0.25 whose mean grows with the time since signup: most buy once or twice, a
    few dozens of times. Orders follow the shop's calendar (weekends, Double-11
    with a midnight rush, 618, ...); a customer who signed up inside the window
    places a first order on the signup day. Basket sizes vary per customer
    (lognormal), so spend is heavy-tailed too.

    Attributes
    ----------
    order_id : ndarray of int64
        Order id, ``1, 2, ...`` in time order. [-]
    customer_id : ndarray of int64
        Buyer, a `Customers.customer_id`; never before the signup date. [-]
    timestamp : ndarray of datetime64[s]
        Time the order was placed (same for all lines of an order), China
        standard time without a time zone. [s]
    sku : ndarray of str
        Product bought, a `Products.sku`; one line per SKU within an order. [-]
    quantity : ndarray of int64
        Units, ``>= 1``. [units]
    unit_price : ndarray of float64
        Price paid per unit: the list price, discounted on about 15% of lines (60%
        during the festival pre-sales and days) by 5% to 50%, rounded to fen. [CNY]
    amount : ndarray of float64
        ``round(quantity * unit_price, 2)``. [CNY]
    is_refund : ndarray of bool
        Whether the line was refunded (about 3% of lines; 8% for apparel). [-]

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.datasets import sample_shop
    >>> lines = sample_shop(seed=0).order_lines
    >>> lines.column_names
    ('order_id', 'customer_id', 'timestamp', 'sku', 'quantity', 'unit_price', 'amount', 'is_refund')
    >>> bool(np.array_equal(lines.amount, np.round(lines.quantity * lines.unit_price, 2)))
    True
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=(
            "unit_price",
            "amount",
        ),
        count=("quantity",),
        currency=Currency("CNY"),
    )

    order_id: IntArray
    customer_id: IntArray
    timestamp: DateArray
    sku: StrArray
    quantity: IntArray
    unit_price: FloatArray
    amount: FloatArray
    is_refund: BoolArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Events(Table):
    """Web analytics log for funnel analysis: one row per event, in random order.

    Every session starts with one ``"visit"``; 60% of sessions view products
    (several times, heavy-tailed), 12% add to cart (sometimes repeatedly), 6%
    reach checkout (rarely twice) and 3% pay. Within a session the events are in
    funnel order in time, at least one second apart; the log itself is shuffled,
    as logs merged from several servers are. Most visitors have one session, a
    few have many. Visitor ids are independent of `Customers.customer_id`.

    Attributes
    ----------
    user_id : ndarray of int64
        Visitor id (cookie), ``1, 2, ...``. [-]
    session_id : ndarray of int64
        Session id, ``1, 2, ...`` in order of session start. [-]
    timestamp : ndarray of datetime64[s]
        Event time; sessions start within 2025-11-01 to 2026-10-31. [s]
    event : ndarray of str
        ``"visit"``, ``"product_view"``, ``"add_to_cart"``, ``"checkout"`` or
        ``"payment"``. [-]

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.datasets import sample_shop
    >>> events = sample_shop(seed=0).events
    >>> int(np.unique(events.session_id).size)
    6000
    >>> int((events.event == "visit").sum())
    6000
    """

    user_id: IntArray
    session_id: IntArray
    timestamp: DateArray
    event: StrArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Keywords(Table):
    """Search keywords for SEO and paid search: one row per keyword.

    About 70% are Chinese (``"连衣裙 夏季"``, ``"蓝牙耳机 降噪 学生"``), the rest
    English (``"wireless earbuds"``, ``"non slip yoga mat for women"``):
    a product head term with up to three modifiers. Keywords are unique. Volume
    falls by about 8x per modifier and is lognormal around that (heavy-tailed).

    Attributes
    ----------
    keyword : ndarray of str
        The search term, words separated by single spaces. [-]
    monthly_volume : ndarray of int64
        Searches per month, ``>= 10``. [searches/month]
    competing_pages : ndarray of int64
        Pages or listings competing for the term. [pages]
    cpc : ndarray of float64
        Cost per click in paid search, rounded to fen, ``>= 0.05``. [CNY]
    difficulty : ndarray of float64
        Ranking difficulty score, 0 (easy) to 100 (hard), one decimal. [-]
    position : ndarray of float64
        The shop's current average organic rank, 1.0 to 100.0 (one decimal), or
        NaN where the shop does not rank in the top 100 (more often for hard
        keywords). [rank]

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.datasets import sample_shop
    >>> keywords = sample_shop(seed=0).keywords
    >>> len(keywords), int(np.unique(keywords.keyword).size)
    (500, 500)
    >>> ranked = keywords.position[~np.isnan(keywords.position)]
    >>> bool(((ranked >= 1) & (ranked <= 100)).all())
    True
    """

    _DISPLAY: ClassVar[Mapping[str, Display]] = display_kinds(
        money=("cpc",),
        count=(
            "monthly_volume",
            "competing_pages",
        ),
        currency=Currency("CNY"),
    )

    keyword: StrArray
    monthly_volume: IntArray
    competing_pages: IntArray
    cpc: FloatArray
    difficulty: FloatArray
    position: FloatArray


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class Parcels(Table):
    """Outbound parcels: one per order, in order of ``order_id``.

    Attributes
    ----------
    order_id : ndarray of int64
        The order shipped, an `OrderLines.order_id`. [-]
    weight_kg : ndarray of float64
        Gross weight: the items' weight plus 8% and 0.05 kg of packaging, rounded
        to grams. [kg]
    length_cm, width_cm, height_cm : ndarray of float64
        Outer carton dimensions, whole centimetres, ``length_cm >= width_cm >=
        height_cm > 0``; the carton holds the largest item and 1.3 times the
        items' volume, plus 1 cm padding. [cm]
    origin : ndarray of str
        Shipping warehouse: ``"HZ"`` (Hangzhou), ``"GZ"`` (Guangzhou), ``"BJ"``
        (Beijing), ``"WH"`` (Wuhan) or ``"CD"`` (Chengdu); the nearest one to the
        destination for about 85% of parcels. [-]
    destination_province : ndarray of str
        The buyer's `Customers.province`. [-]
    promised_days : ndarray of int64
        Delivery promise: 1 day plus 1 per 550 km great-circle distance between
        the warehouse and the province capital, plus 1 for remote western
        provinces, capped at 7. [days]

    Examples
    --------
    >>> import numpy as np
    >>> from ecomops.datasets import sample_shop
    >>> shop = sample_shop(seed=0)
    >>> bool(np.array_equal(shop.parcels.order_id, np.unique(shop.order_lines.order_id)))
    True
    >>> sorted(set(shop.parcels.origin.tolist()))
    ['BJ', 'CD', 'GZ', 'HZ', 'WH']
    """

    order_id: IntArray
    weight_kg: FloatArray
    length_cm: FloatArray
    width_cm: FloatArray
    height_cm: FloatArray
    origin: StrArray
    destination_province: StrArray
    promised_days: IntArray


_TABLE_FIELDS = ("products", "customers", "order_lines", "events", "keywords", "parcels")


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SampleShop(Result):
    """A synthetic online shop: its catalogue, demand, customers, orders, web log,
    keywords and parcels.

    Built by [`sample_shop`][ecomops.datasets.sample_shop]; see there for the
    sizes and the model behind each table.

    Attributes
    ----------
    products : Products
        The catalogue, one row per SKU.
    demand : DemandHistory
        Daily units per SKU over 365 days.
    customers : Customers
        Registered customers.
    order_lines : OrderLines
        Order lines of the 365 days.
    events : Events
        Web analytics events (shuffled).
    keywords : Keywords
        Search keywords.
    parcels : Parcels
        One parcel per order.
    seed : int
        The seed the shop was built from. [-]
    scale : float
        The row-count multiplier the shop was built with. [-]
    dropout : bool
        Whether customers drop out after a purchase (see `sample_shop`). [-]

    Examples
    --------
    >>> from ecomops.datasets import sample_shop
    >>> shop = sample_shop(seed=0)
    >>> shop.seed, shop.scale, len(shop.products)
    (0, 1.0, 200)
    >>> print(repr(shop).splitlines()[0])
    SampleShop(seed=0, scale=1)
    """

    products: Products
    demand: DemandHistory
    customers: Customers
    order_lines: OrderLines
    events: Events
    keywords: Keywords
    parcels: Parcels
    seed: int
    scale: float
    dropout: bool = False

    def _summary(self) -> list[tuple[str, str]]:
        rows = [(name, f"{len(getattr(self, name)):,} rows") for name in _TABLE_FIELDS]
        n_skus, n_days = self.demand.units.shape
        rows.insert(1, ("demand", f"{n_skus:,} SKUs × {n_days:,} days"))
        return rows

    def __repr__(self) -> str:
        head = f"SampleShop(seed={self.seed}, scale={self.scale:g})"
        if self.dropout:
            head = f"{head[:-1]}, dropout=True)"
        width = max(len(name) for name, _ in self._summary())
        body = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in self._summary())
        return f"{head}\n{body}"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td>{html.escape(text)}</td></tr>"
            for name, text in self._summary()
        )
        title = html.escape(f"SampleShop(seed={self.seed}, scale={self.scale:g})")
        return f"<b>{title}</b><table>{rows}</table>"
