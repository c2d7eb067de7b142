"""Generators of the sample shop's tables (private; used by `ecomops.datasets`)."""

from __future__ import annotations

import dataclasses
import math
from typing import TypeAlias

import numpy as np

from ecomops._core.typing import BoolArray, FloatArray, IntArray
from ecomops._datasets import tables
from ecomops._datasets.tables import DateArray, StrArray

_Rng: TypeAlias = np.random.Generator

# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------

_START = np.datetime64("2025-11-01", "D")
_N_DAYS = 365  # 2025-11-01 .. 2026-10-31 (2026 is not a leap year)
_SECONDS_PER_DAY = 86_400
_SIGNUP_EARLIEST = np.datetime64("2021-01-01", "D")

#: (first day, last day, demand multiplier) of the calendar events.
_EVENTS: tuple[tuple[str, str, float], ...] = (
    ("2025-11-01", "2025-11-10", 1.6),  # Double-11 pre-sale
    ("2025-11-11", "2025-11-11", 6.0),  # Double-11 (Singles' Day)
    ("2025-11-12", "2025-11-12", 1.8),  # Double-11 tail
    ("2025-12-12", "2025-12-12", 2.0),  # Double-12
    ("2026-02-10", "2026-02-24", 0.55),  # Spring Festival (2026-02-17): couriers pause
    ("2026-03-08", "2026-03-08", 1.5),  # Women's day (38 festival)
    ("2026-06-01", "2026-06-17", 1.35),  # 618 pre-sale
    ("2026-06-18", "2026-06-18", 4.0),  # 618 (JD's anniversary sale)
)
_DOUBLE_11 = int((np.datetime64("2025-11-11", "D") - _START).astype(np.int64))

#: Relative share of orders and sessions by hour of day (evening peak).
_HOUR_WEIGHTS = np.array(
    [
        3.0, 1.5, 0.9, 0.6, 0.5, 0.6, 1.2, 2.5, 4.0, 5.0, 5.5, 5.5,  # 00:00 - 11:59
        5.0, 4.5, 4.5, 4.8, 5.0, 5.0, 5.5, 6.5, 7.5, 8.0, 7.0, 5.0,  # 12:00 - 23:59
    ]
)  # fmt: skip
#: On Double-11 a third of the day's orders land in the first hour.
_HOUR_WEIGHTS_DOUBLE_11 = _HOUR_WEIGHTS.copy()
_HOUR_WEIGHTS_DOUBLE_11[0] = 0.5 * _HOUR_WEIGHTS.sum()

# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Category:
    name: str
    share: float  # share of SKUs
    cost_median: float  # [CNY]
    cost_sigma: float  # log-scale spread of unit cost
    markup_low: float  # list price / unit cost, lower bound
    markup_high: float
    weight_median_kg: float
    weight_sigma: float
    density_g_per_cm3: float  # packed density, sets the volume
    lead_time_days: float  # median supplier lead time
    demand_level: float  # median units per day of a regular SKU
    refund_rate: float  # share of order lines refunded
    season_peak_day: int  # day of year of the annual demand peak
    cpc_median: float  # [CNY] per click, Chinese keywords


_CATEGORIES: tuple[_Category, ...] = (
    _Category("snacks", 0.18, 12.0, 0.5, 1.5, 2.2, 0.4, 0.6, 0.35, 4.0, 4.0, 0.015, 20, 0.6),
    _Category("tea", 0.10, 40.0, 0.9, 1.8, 3.5, 0.3, 0.5, 0.30, 6.0, 1.0, 0.015, 100, 0.9),
    _Category("apparel", 0.16, 45.0, 0.6, 2.0, 3.5, 0.35, 0.5, 0.25, 12.0, 1.5, 0.08, 170, 1.4),
    _Category("electronics", 0.12, 120.0, 0.9, 1.3, 1.8, 0.5, 0.8, 0.45, 20.0, 1.0, 0.03, 315, 2.6),
    _Category("home", 0.14, 35.0, 0.8, 1.6, 2.6, 1.2, 0.9, 0.20, 10.0, 1.2, 0.025, 250, 1.0),
    _Category("beauty", 0.12, 30.0, 0.7, 2.2, 4.0, 0.25, 0.5, 0.60, 8.0, 2.0, 0.02, 315, 2.0),
    _Category("baby", 0.08, 50.0, 0.7, 1.6, 2.4, 0.9, 0.7, 0.30, 9.0, 1.2, 0.02, 150, 1.8),
    _Category("sports", 0.10, 60.0, 0.8, 1.7, 2.8, 0.8, 0.9, 0.25, 14.0, 0.8, 0.03, 120, 1.2),
)


def _cat_column(attr: str) -> FloatArray:
    return np.array([float(getattr(c, attr)) for c in _CATEGORIES], dtype=np.float64)


_CAT_NAMES: StrArray = np.array([c.name for c in _CATEGORIES])
_CAT_INDEX = {c.name: i for i, c in enumerate(_CATEGORIES)}

# Province-level regions of mainland China: (name, capital longitude, latitude,
# share of customers, remote). Shares follow online retail sales, heavy in the
# Pearl and Yangtze River deltas.
_PROVINCES: tuple[tuple[str, float, float, float, bool], ...] = (
    ("广东", 113.26, 23.13, 12.0, False),
    ("浙江", 120.16, 30.27, 9.0, False),
    ("江苏", 118.78, 32.06, 9.0, False),
    ("上海", 121.47, 31.23, 7.0, False),
    ("北京", 116.40, 39.90, 6.0, False),
    ("山东", 117.00, 36.67, 6.0, False),
    ("四川", 104.07, 30.67, 5.0, False),
    ("河南", 113.65, 34.76, 4.5, False),
    ("福建", 119.30, 26.08, 4.0, False),
    ("湖北", 114.31, 30.59, 4.0, False),
    ("湖南", 112.94, 28.23, 3.5, False),
    ("河北", 114.51, 38.04, 3.5, False),
    ("安徽", 117.28, 31.86, 3.0, False),
    ("重庆", 106.55, 29.56, 2.5, False),
    ("陕西", 108.94, 34.34, 2.2, False),
    ("辽宁", 123.43, 41.80, 2.2, False),
    ("天津", 117.20, 39.08, 2.0, False),
    ("江西", 115.89, 28.68, 2.0, False),
    ("广西", 108.32, 22.82, 2.0, False),
    ("云南", 102.71, 25.04, 1.6, False),
    ("山西", 112.55, 37.87, 1.5, False),
    ("黑龙江", 126.64, 45.76, 1.3, False),
    ("贵州", 106.71, 26.58, 1.2, False),
    ("吉林", 125.32, 43.90, 1.0, False),
    ("内蒙古", 111.67, 40.82, 0.9, True),
    ("新疆", 87.62, 43.83, 0.7, True),
    ("甘肃", 103.83, 36.06, 0.7, True),
    ("海南", 110.32, 20.03, 0.7, False),
    ("宁夏", 106.28, 38.47, 0.3, True),
    ("青海", 101.78, 36.62, 0.25, True),
    ("西藏", 91.11, 29.65, 0.15, True),
)
_PROVINCE_NAMES: StrArray = np.array([p[0] for p in _PROVINCES])

# Warehouses: (code, longitude, latitude, share of parcels shipped from a
# warehouse other than the nearest one).
_WAREHOUSES: tuple[tuple[str, float, float, float], ...] = (
    ("HZ", 120.16, 30.27, 0.35),  # Hangzhou
    ("GZ", 113.26, 23.13, 0.25),  # Guangzhou
    ("BJ", 116.40, 39.90, 0.20),  # Beijing
    ("WH", 114.31, 30.59, 0.10),  # Wuhan
    ("CD", 104.07, 30.67, 0.10),  # Chengdu
)
_WAREHOUSE_CODES: StrArray = np.array([w[0] for w in _WAREHOUSES])

_CHANNELS: StrArray = np.array(["taobao", "jd", "douyin", "shopify"])
_CHANNEL_SHARES = np.array([0.45, 0.25, 0.20, 0.10])

_FUNNEL: StrArray = np.array(["visit", "product_view", "add_to_cart", "checkout", "payment"])
#: Probability that a session reaching one step reaches the next.
_FUNNEL_CONTINUE = np.array([0.60, 0.20, 0.50, 0.50])
#: Mean seconds before an event of each step (after the previous event).
_FUNNEL_GAP_S = np.array([0.0, 35.0, 50.0, 80.0, 45.0])

_DISCOUNT_FACTORS = np.array([0.95, 0.9, 0.85, 0.8, 0.7, 0.5])
_DISCOUNT_SHARES = np.array([0.25, 0.30, 0.15, 0.15, 0.10, 0.05])

# Keyword vocabulary: heads (with their category) and three optional modifier slots.
_ZH_HEADS: tuple[tuple[str, str], ...] = (
    ("零食", "snacks"), ("坚果", "snacks"), ("牛肉干", "snacks"), ("辣条", "snacks"),
    ("饼干", "snacks"), ("绿茶", "tea"), ("普洱茶", "tea"), ("龙井", "tea"),
    ("茶具", "tea"), ("白茶", "tea"), ("连衣裙", "apparel"), ("T恤", "apparel"),
    ("卫衣", "apparel"), ("羽绒服", "apparel"), ("牛仔裤", "apparel"),
    ("蓝牙耳机", "electronics"), ("充电宝", "electronics"), ("机械键盘", "electronics"),
    ("智能手表", "electronics"), ("数据线", "electronics"), ("收纳盒", "home"),
    ("四件套", "home"), ("保温杯", "home"), ("台灯", "home"), ("拖鞋", "home"),
    ("面膜", "beauty"), ("口红", "beauty"), ("防晒霜", "beauty"), ("洗面奶", "beauty"),
    ("精华液", "beauty"), ("纸尿裤", "baby"), ("奶瓶", "baby"), ("婴儿推车", "baby"),
    ("儿童玩具", "baby"), ("瑜伽垫", "sports"), ("跑步鞋", "sports"), ("哑铃", "sports"),
    ("登山包", "sports"), ("跳绳", "sports"),
)  # fmt: skip
#: Attribute words per category (the order of ``_CATEGORIES``), five each.
_ZH_ATTRIBUTES: tuple[tuple[str, ...], ...] = (
    ("低卡", "网红", "进口", "散装", "整箱"),  # snacks
    ("明前", "特级", "有机", "云南", "罐装"),  # tea
    ("夏季", "冬季", "纯棉", "宽松", "韩版"),  # apparel
    ("无线", "降噪", "快充", "便携", "大容量"),  # electronics
    ("北欧", "大容量", "可折叠", "家用", "纯棉"),  # home
    ("保湿", "美白", "敏感肌", "国货", "小样"),  # beauty
    ("新生儿", "防胀气", "轻便", "益智", "有机"),  # baby
    ("防滑", "加厚", "轻便", "可调节", "专业"),  # sports
)
_ZH_AUDIENCES = ("女", "男", "学生", "平价", "高端", "送礼", "办公室", "宿舍", "情侣", "老人")
_ZH_QUALIFIERS = ("2026新款", "包邮", "官方旗舰店", "测评", "推荐", "哪个牌子好", "排行榜", "批发",
                  "同款", "特价", "正品", "价格", "品牌", "教程")  # fmt: skip
_EN_HEADS: tuple[tuple[str, str], ...] = (
    ("mixed nuts", "snacks"), ("beef jerky", "snacks"), ("spicy snacks", "snacks"),
    ("chinese snacks", "snacks"), ("green tea", "tea"), ("pu erh tea", "tea"),
    ("oolong tea", "tea"), ("tea set", "tea"), ("white tea", "tea"),
    ("summer dress", "apparel"), ("hoodie", "apparel"), ("down jacket", "apparel"),
    ("jeans", "apparel"), ("t shirt", "apparel"), ("wireless earbuds", "electronics"),
    ("power bank", "electronics"), ("mechanical keyboard", "electronics"),
    ("smart watch", "electronics"), ("usb c cable", "electronics"), ("storage box", "home"),
    ("bedding set", "home"), ("insulated bottle", "home"), ("desk lamp", "home"),
    ("slippers", "home"), ("sheet mask", "beauty"), ("lipstick", "beauty"),
    ("sunscreen", "beauty"), ("face wash", "beauty"), ("serum", "beauty"),
    ("diapers", "baby"), ("baby bottle", "baby"), ("stroller", "baby"), ("kids toys", "baby"),
    ("yoga mat", "sports"), ("running shoes", "sports"), ("dumbbells", "sports"),
    ("hiking backpack", "sports"), ("jump rope", "sports"),
)  # fmt: skip
_EN_ATTRIBUTES: tuple[tuple[str, ...], ...] = (
    ("healthy", "low calorie", "imported", "sugar free", "bulk pack"),
    ("organic", "loose leaf", "premium", "aged", "chinese"),
    ("floral", "winter", "cotton", "oversized", "korean"),
    ("noise cancelling", "fast charging", "portable", "waterproof", "rgb"),
    ("foldable", "large", "nordic", "bamboo", "stainless steel"),
    ("korean", "moisturizing", "vegan", "travel size", "sensitive skin"),
    ("newborn", "anti colic", "lightweight", "educational", "organic"),
    ("non slip", "thick", "adjustable", "lightweight", "professional"),
)
_EN_AUDIENCES = ("for women", "for men", "for kids", "for students", "under 100", "gift",
                 "for office", "for travel", "for couples", "for seniors")  # fmt: skip
_EN_QUALIFIERS = ("review", "2026 model", "sale", "deals", "online", "brands", "wholesale",
                  "price", "best seller", "free shipping", "near me", "discount code",
                  "comparison", "how to choose")  # fmt: skip
#: Share of keywords with 0, 1, 2 and 3 modifiers besides the head term.
_KEYWORD_MODIFIER_SHARES = np.array([0.12, 0.45, 0.31, 0.12])


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------


def rows_for_scale(base: int, scale: float) -> int:
    return max(1, round(base * scale))


def _event_multiplier(dates: DateArray) -> FloatArray:
    """Demand multiplier of the calendar events on each day (1 on ordinary days)."""
    mult = np.ones(dates.shape[0], dtype=np.float64)
    for first, last, factor in _EVENTS:
        mask = (dates >= np.datetime64(first, "D")) & (dates <= np.datetime64(last, "D"))
        mult[mask] *= factor
    return mult


def _window_dates() -> DateArray:
    return _START + np.arange(_N_DAYS)


def _day_of_year(dates: DateArray) -> FloatArray:
    years = dates.astype("datetime64[Y]")
    days = (dates - years.astype("datetime64[D]")).astype(np.float64)
    return np.asarray(days + 1.0, dtype=np.float64)


def _order_calendar() -> FloatArray:
    """Relative intensity of orders and sessions per day of the window."""
    dates = _window_dates()
    weekday = (dates.astype(np.int64) + 3) % 7  # 0 = Monday
    weekly = np.where(weekday >= 5, 1.15, 1.0)
    annual = 1.0 + 0.1 * np.cos(2.0 * np.pi * (_day_of_year(dates) - 345.0) / 365.25)
    trend = 1.0 + 0.15 * np.arange(_N_DAYS) / _N_DAYS
    return np.asarray(weekly * annual * trend * _event_multiplier(dates), dtype=np.float64)


def _sample_days(rng: _Rng, weights: FloatArray, first_day: IntArray) -> IntArray:
    """Day index (0-based in the window) drawn from ``weights``, at or after ``first_day``."""
    cdf = np.cumsum(weights) / weights.sum()
    below = np.concatenate(([0.0], cdf[:-1]))[first_day]
    u = below + rng.random(first_day.shape[0]) * (1.0 - below)
    days = np.searchsorted(cdf, u, side="right")
    return np.clip(days, first_day, weights.shape[0] - 1).astype(np.int64)


def _sample_seconds_of_day(rng: _Rng, days: IntArray) -> IntArray:
    """Seconds after midnight, from the hourly profile (Double-11 has a midnight rush)."""
    n = int(days.shape[0])
    hour = rng.choice(24, size=n, p=_HOUR_WEIGHTS / _HOUR_WEIGHTS.sum())
    rush = days == _DOUBLE_11
    n_rush = int(rush.sum())
    if n_rush:
        p = _HOUR_WEIGHTS_DOUBLE_11 / _HOUR_WEIGHTS_DOUBLE_11.sum()
        hour[rush] = rng.choice(24, size=n_rush, p=p)
    return (hour * 3600 + rng.integers(0, 3600, size=n)).astype(np.int64)


def _neg_binomial(rng: _Rng, mean: FloatArray, shape: float | FloatArray) -> IntArray:
    """Gamma-Poisson (negative binomial) counts with the given mean and shape."""
    shape_arr = np.broadcast_to(np.asarray(shape, dtype=np.float64), mean.shape)
    rate = rng.gamma(shape_arr, mean / shape_arr)
    return rng.poisson(rate).astype(np.int64)


def _charm_price(rng: _Rng, raw: FloatArray) -> FloatArray:
    """Round up to a charm price (x.9 below 100, ending in 9 above); 12% stay plain."""
    charm = np.where(
        raw < 100.0, np.ceil(raw - 0.9) + 0.9, np.ceil((raw - 9.0) / 10.0) * 10.0 + 9.0
    )
    plain = rng.random(raw.shape[0]) < 0.12
    return np.asarray(
        np.round(np.where(plain, np.ceil(raw * 100.0) / 100.0, charm), 2), dtype=np.float64
    )


def _sku_ids(n: int) -> StrArray:
    digits = max(5, len(str(n)))
    numbers = np.char.zfill(np.arange(1, n + 1).astype(str), digits)
    return np.asarray(np.char.add("SKU-", numbers))


def products_table(rng: _Rng, n: int) -> tuple[tables.Products, IntArray]:
    shares = _cat_column("share")
    cat = rng.choice(len(_CATEGORIES), size=n, p=shares / shares.sum())
    cost = _cat_column("cost_median")[cat] * np.exp(
        _cat_column("cost_sigma")[cat] * rng.normal(size=n)
    )
    cost = np.maximum(np.round(cost, 2), 0.5)
    markup = rng.uniform(_cat_column("markup_low")[cat], _cat_column("markup_high")[cat])
    price = _charm_price(rng, cost * markup)
    weight = _cat_column("weight_median_kg")[cat] * np.exp(
        _cat_column("weight_sigma")[cat] * rng.normal(size=n)
    )
    weight = np.maximum(np.round(weight, 3), 0.02)
    volume_cm3 = (
        weight * 1000.0 / _cat_column("density_g_per_cm3")[cat] * rng.lognormal(0.0, 0.3, n)
    )
    aspect = np.exp(rng.normal(0.0, 0.35, size=(n, 3)))
    aspect /= np.cbrt(aspect.prod(axis=1))[:, None]
    dims = np.round(np.cbrt(volume_cm3)[:, None] * aspect, 1)
    dims = np.sort(np.maximum(dims, 0.5), axis=1)[:, ::-1]
    lead = np.maximum(
        np.round(_cat_column("lead_time_days")[cat] * rng.lognormal(0.0, 0.3, n), 1), 1.0
    )
    lead_std = np.maximum(np.round(lead * rng.uniform(0.1, 0.4, n), 1), 0.1)
    table = tables.Products(
        sku=_sku_ids(n),
        category=_CAT_NAMES[cat],
        unit_cost=cost.astype(np.float64),
        list_price=price.astype(np.float64),
        weight_kg=weight.astype(np.float64),
        length_cm=np.ascontiguousarray(dims[:, 0], dtype=np.float64),
        width_cm=np.ascontiguousarray(dims[:, 1], dtype=np.float64),
        height_cm=np.ascontiguousarray(dims[:, 2], dtype=np.float64),
        lead_time_days=lead.astype(np.float64),
        lead_time_std_days=lead_std.astype(np.float64),
    )
    return table, cat.astype(np.int64)


def demand_table(
    rng: _Rng, products: tables.Products, cat: IntArray
) -> tuple[tables.DemandHistory, FloatArray]:
    """The demand matrix and each SKU's mean daily units (its popularity)."""
    n = int(cat.shape[0])
    dates = _window_dates()
    weekend = ((dates.astype(np.int64) + 3) % 7) >= 5
    base = (
        _cat_column("demand_level")[cat]
        * rng.lognormal(np.log(2.0), 0.8, n)
        * (60.0 / products.list_price) ** 0.25
    )
    uplift = rng.uniform(1.05, 1.4, n)
    amplitude = rng.uniform(0.0, 0.35, n)
    beta = rng.uniform(0.6, 1.2, n)
    peak = _cat_column("season_peak_day")[cat]
    weekly = np.where(weekend[None, :], uplift[:, None], 1.0)
    annual = 1.0 + amplitude[:, None] * np.cos(
        2.0 * np.pi * (_day_of_year(dates)[None, :] - peak[:, None]) / 365.25
    )
    trend = 1.0 + 0.15 * np.arange(_N_DAYS) / _N_DAYS
    profile = weekly * annual * trend[None, :] * _event_multiplier(dates)[None, :] ** beta[:, None]

    intermittent = np.zeros(n, dtype=bool)
    intermittent[rng.permutation(n)[: round(0.25 * n)]] = True
    regular = ~intermittent
    units = np.empty((n, _N_DAYS), dtype=np.int64)
    dispersion = rng.uniform(1.5, 8.0, n)
    units[regular] = _neg_binomial(
        rng, base[regular, None] * profile[regular], dispersion[regular, None]
    )
    occurrence = rng.uniform(0.04, 0.3, n)
    batch_mean = rng.uniform(1.0, 8.0, n)
    idx = np.flatnonzero(intermittent)
    occurs = rng.random((idx.shape[0], _N_DAYS)) < np.minimum(
        occurrence[idx, None] * profile[idx], 0.95
    )
    batch = 1 + _neg_binomial(rng, np.broadcast_to(batch_mean[idx, None], occurs.shape), 0.8)
    units[idx] = np.where(occurs, batch, 0)
    popularity = units.mean(axis=1) + 0.01
    history = tables.DemandHistory(sku=products.sku.copy(), dates=dates, units=units)
    return history, popularity


def customers_table(rng: _Rng, n: int) -> tuple[tables.Customers, IntArray, IntArray]:
    """Customers, their signup day (index in the window, negative before) and province."""
    in_window = rng.random(n) < 0.35
    span = int((_START - _SIGNUP_EARLIEST).astype(np.int64))
    before = -span + np.floor(span * rng.random(n) ** 0.6).astype(np.int64)
    inside = _sample_days(rng, _order_calendar(), np.zeros(n, dtype=np.int64))
    signup_day = np.sort(np.where(in_window, inside, np.minimum(before, -1)))
    province = rng.choice(len(_PROVINCES), size=n, p=_province_shares())
    channel = rng.choice(_CHANNELS.shape[0], size=n, p=_CHANNEL_SHARES)
    table = tables.Customers(
        customer_id=np.arange(1, n + 1, dtype=np.int64),
        signup_date=_START + signup_day,
        province=_PROVINCE_NAMES[province],
        channel=_CHANNELS[channel],
    )
    return table, signup_day.astype(np.int64), province.astype(np.int64)


def _province_shares() -> FloatArray:
    shares = np.array([p[3] for p in _PROVINCES], dtype=np.float64)
    return np.asarray(shares / shares.sum(), dtype=np.float64)


@dataclasses.dataclass(frozen=True, slots=True)
class _OrderDraw:
    lines: tables.OrderLines
    line_order: IntArray  # 0-based order index of each line (sorted)
    line_product: IntArray  # product index of each line
    order_customer: IntArray  # customer index of each order


#: Beta(a, b) of the dropout probability after each repeat purchase, near the
#: BG/NBD estimates on CDNOW (a = 0.79, b = 2.43; Fader, Hardie and Lee, 2005):
#: a mean of 0.25, most customers leaving within a few repeat purchases.
DROPOUT_BETA = (0.8, 2.4)


def _drop_out(rng: _Rng, customer: IntArray, seconds: IntArray, n_customers: int) -> BoolArray:
    """Which orders a customer still places: after each repeat purchase they leave w.p. p.

    Each customer draws ``p ~ Beta(a, b)`` and the number of repeat purchases
    ``K ~ Geometric(p)`` after which they become inactive, as the BG/NBD
    assumes; their orders (in time order) past the first ``1 + K`` are never placed.
    """
    p = rng.beta(*DROPOUT_BETA, size=n_customers)
    repeats_kept = rng.geometric(p)
    order = np.lexsort((seconds, customer))
    sorted_customer = customer[order]
    starts = np.searchsorted(sorted_customer, sorted_customer, side="left")
    position = np.arange(customer.shape[0]) - starts  # 0 for a customer's first order
    keep = np.empty(customer.shape[0], dtype=bool)
    keep[order] = position <= repeats_kept[sorted_customer]
    return keep


def orders_table(
    rng: _Rng,
    products: tables.Products,
    cat: IntArray,
    popularity: FloatArray,
    signup_day: IntArray,
    dropout_rng: _Rng | None = None,
) -> _OrderDraw:
    n_customers = int(signup_day.shape[0])
    n_products = int(cat.shape[0])
    first_day = np.maximum(signup_day, 0)
    exposure = (_N_DAYS - first_day) / _N_DAYS
    buyer = rng.random(n_customers) < 0.85
    repeat_mean = 4.6 * exposure
    n_orders_per = np.where(buyer, 1 + _neg_binomial(rng, repeat_mean, 0.25), 0)
    if n_orders_per.sum() == 0:
        n_orders_per[0] = 1
    basket = rng.lognormal(0.0, 0.7, n_customers)

    customer = np.repeat(np.arange(n_customers), n_orders_per)
    n_orders = int(customer.shape[0])
    first_of_customer = np.zeros(n_orders, dtype=bool)
    starts = np.cumsum(n_orders_per) - n_orders_per
    first_of_customer[starts[n_orders_per > 0]] = True
    calendar = _order_calendar()
    day = _sample_days(rng, calendar, first_day[customer])
    on_signup_day = first_of_customer & (signup_day[customer] >= 0)
    day = np.where(on_signup_day, first_day[customer], day)
    seconds = day * _SECONDS_PER_DAY + _sample_seconds_of_day(rng, day)
    if dropout_rng is not None:
        placed = _drop_out(dropout_rng, customer, seconds, n_customers)
        customer, day, seconds = customer[placed], day[placed], seconds[placed]
        n_orders = int(customer.shape[0])
    chronological = np.argsort(seconds, kind="stable")
    customer = customer[chronological]
    seconds = seconds[chronological]
    day = day[chronological]

    n_lines_per = 1 + rng.poisson(1.5 * np.sqrt(basket[customer]))
    line_order = np.repeat(np.arange(n_orders), n_lines_per)
    product = rng.choice(n_products, size=line_order.shape[0], p=popularity / popularity.sum())
    quantity = 1 + rng.poisson(0.35 * basket[customer[line_order]])
    # One line per SKU within an order: merge repeats, summing their quantities.
    key = line_order.astype(np.int64) * n_products + product
    unique_key, inverse = np.unique(key, return_inverse=True)
    quantity = np.bincount(inverse.reshape(-1), weights=quantity).astype(np.int64)
    line_order = (unique_key // n_products).astype(np.int64)
    product = (unique_key % n_products).astype(np.int64)
    n_lines = int(line_order.shape[0])

    promo_day = _event_multiplier(_window_dates()) > 1.2
    discount_rate = np.where(promo_day[day[line_order]], 0.6, 0.15)
    discounted = rng.random(n_lines) < discount_rate
    factor = rng.choice(_DISCOUNT_FACTORS, size=n_lines, p=_DISCOUNT_SHARES)
    list_price = products.list_price[product]
    unit_price = np.where(discounted, np.round(list_price * factor, 2), list_price)
    amount = np.round(quantity * unit_price, 2)
    is_refund = rng.random(n_lines) < _cat_column("refund_rate")[cat[product]]

    start = _START.astype("datetime64[s]")
    lines = tables.OrderLines(
        order_id=line_order + 1,
        customer_id=(customer[line_order] + 1).astype(np.int64),
        timestamp=start + seconds[line_order].astype("timedelta64[s]"),
        sku=products.sku[product],
        quantity=quantity,
        unit_price=unit_price.astype(np.float64),
        amount=amount.astype(np.float64),
        is_refund=is_refund,
    )
    return _OrderDraw(lines, line_order, product, customer.astype(np.int64))


def _great_circle_km(
    lon1: FloatArray, lat1: FloatArray, lon2: FloatArray, lat2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlon = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2.0 * 6371.0 * np.arcsin(np.sqrt(h)), dtype=np.float64)


def parcels_table(
    rng: _Rng, products: tables.Products, draw: _OrderDraw, province: IntArray
) -> tables.Parcels:
    product = draw.line_product
    qty = draw.lines.quantity.astype(np.float64)
    starts = np.flatnonzero(np.concatenate(([True], draw.line_order[1:] != draw.line_order[:-1])))
    length = products.length_cm[product]
    width = products.width_cm[product]
    height = products.height_cm[product]
    items_kg = np.add.reduceat(qty * products.weight_kg[product], starts)
    volume = 1.3 * np.add.reduceat(qty * length * width * height, starts)
    # Cartons are longer than cubes: length 1.3 cube roots, width from the rest.
    box_l = np.maximum(np.maximum.reduceat(length, starts), 1.3 * np.cbrt(volume))
    box_w = np.maximum(np.maximum.reduceat(width, starts), 1.15 * np.sqrt(volume / box_l))
    box_h = np.maximum(np.maximum.reduceat(height, starts), volume / (box_l * box_w))
    dims = np.sort(np.ceil(np.stack([box_l, box_w, box_h], axis=1) + 1.0), axis=1)[:, ::-1]

    dest = province[draw.order_customer]
    n = int(dest.shape[0])
    prov_lon = np.array([p[1] for p in _PROVINCES])
    prov_lat = np.array([p[2] for p in _PROVINCES])
    remote = np.array([p[4] for p in _PROVINCES])
    wh_lon = np.array([w[1] for w in _WAREHOUSES])
    wh_lat = np.array([w[2] for w in _WAREHOUSES])
    wh_share = np.array([w[3] for w in _WAREHOUSES])
    distance = _great_circle_km(
        prov_lon[:, None], prov_lat[:, None], wh_lon[None, :], wh_lat[None, :]
    )
    nearest = np.argmin(distance, axis=1)
    other = rng.choice(len(_WAREHOUSES), size=n, p=wh_share / wh_share.sum())
    origin = np.where(rng.random(n) < 0.85, nearest[dest], other)
    km = distance[dest, origin]
    promised = np.minimum(1 + np.floor(km / 550.0).astype(np.int64) + remote[dest], 7)
    return tables.Parcels(
        order_id=np.arange(1, n + 1, dtype=np.int64),
        weight_kg=np.round(items_kg * 1.08 + 0.05, 3).astype(np.float64),
        length_cm=np.ascontiguousarray(dims[:, 0], dtype=np.float64),
        width_cm=np.ascontiguousarray(dims[:, 1], dtype=np.float64),
        height_cm=np.ascontiguousarray(dims[:, 2], dtype=np.float64),
        origin=_WAREHOUSE_CODES[origin],
        destination_province=_PROVINCE_NAMES[dest],
        promised_days=promised.astype(np.int64),
    )


def events_table(rng: _Rng, n_sessions: int, n_users: int) -> tables.Events:
    n_users = min(n_users, n_sessions)
    loyalty = rng.lognormal(0.0, 1.5, n_users)
    extra = rng.choice(n_users, size=n_sessions - n_users, p=loyalty / loyalty.sum())
    user = rng.permutation(np.concatenate((np.arange(n_users), extra)))

    go_on = rng.random((n_sessions, _FUNNEL_CONTINUE.shape[0])) < _FUNNEL_CONTINUE
    depth = 1 + np.cumprod(go_on, axis=1).sum(axis=1)
    counts = np.ones((n_sessions, _FUNNEL.shape[0]), dtype=np.int64)
    counts[:, 1] += _neg_binomial(rng, np.full(n_sessions, 5.0), 1.2)
    counts[:, 2] += rng.poisson(0.4, n_sessions)
    counts[:, 3] += rng.random(n_sessions) < 0.08
    counts *= np.arange(_FUNNEL.shape[0])[None, :] < depth[:, None]
    per_session = counts.sum(axis=1)

    step = np.repeat(np.tile(np.arange(_FUNNEL.shape[0]), n_sessions), counts.reshape(-1))
    session = np.repeat(np.arange(n_sessions), per_session)
    n_events = int(step.shape[0])
    gap = np.floor(1.0 + rng.exponential(1.0, n_events) * _FUNNEL_GAP_S[step]).astype(np.int64)
    first = np.cumsum(per_session) - per_session
    gap[first] = 0
    elapsed = np.cumsum(gap)
    offset = elapsed - elapsed[first][session]
    duration = offset[first + per_session - 1]

    day = _sample_days(rng, _order_calendar(), np.zeros(n_sessions, dtype=np.int64))
    begin = day * _SECONDS_PER_DAY + _sample_seconds_of_day(rng, day)
    begin = np.minimum(begin, _N_DAYS * _SECONDS_PER_DAY - 1 - duration)
    session_rank = np.empty(n_sessions, dtype=np.int64)
    session_rank[np.argsort(begin, kind="stable")] = np.arange(n_sessions)
    seconds = begin[session] + offset

    shuffle = rng.permutation(n_events)
    start = _START.astype("datetime64[s]")
    return tables.Events(
        user_id=(user[session] + 1)[shuffle].astype(np.int64),
        session_id=(session_rank[session] + 1)[shuffle],
        timestamp=(start + seconds.astype("timedelta64[s]"))[shuffle],
        event=_FUNNEL[step][shuffle],
    )


def _join(*parts: StrArray) -> StrArray:
    """Join string columns with single spaces, skipping empty parts."""
    out = parts[0]
    for part in parts[1:]:
        sep = np.where((out != "") & (part != ""), " ", "")
        out = np.char.add(np.char.add(out, sep), part)
    return np.asarray(out)


@dataclasses.dataclass(frozen=True, slots=True)
class _Vocabulary:
    heads: tuple[tuple[str, str], ...]  # (head term, category)
    attributes: tuple[tuple[str, ...], ...]  # per category, all of one length
    audiences: tuple[str, ...]
    qualifiers: tuple[str, ...]
    english: bool  # English puts the attribute before the head


_ZH = _Vocabulary(_ZH_HEADS, _ZH_ATTRIBUTES, _ZH_AUDIENCES, _ZH_QUALIFIERS, english=False)
_EN = _Vocabulary(_EN_HEADS, _EN_ATTRIBUTES, _EN_AUDIENCES, _EN_QUALIFIERS, english=True)


def _keyword_strings(rng: _Rng, n: int, vocab: _Vocabulary) -> tuple[StrArray, IntArray, IntArray]:
    """``n`` unique keywords, each one's head index and its number of modifiers.

    A keyword is a head term with up to three optional modifiers (a category
    attribute, an audience, a qualifier), coded in mixed radix. The structure is
    drawn from ``_KEYWORD_MODIFIER_SHARES``; when those draws hold too few
    distinct keywords (large scales), unused combinations fill up, and beyond the
    whole vocabulary, repeats get a numeric suffix.
    """
    n_attr = len(vocab.attributes[0])
    radix = (len(vocab.heads), n_attr + 1, len(vocab.audiences) + 1, len(vocab.qualifiers) + 1)
    draws = 3 * n + 100
    n_mod = rng.choice(4, size=draws, p=_KEYWORD_MODIFIER_SHARES)
    priority = np.argsort(np.argsort(rng.random((draws, 3)), axis=1), axis=1)
    key = rng.integers(0, radix[0], size=draws)
    for j, size in enumerate(radix[1:]):
        code = np.where(priority[:, j] < n_mod, rng.integers(0, size - 1, size=draws), size - 1)
        key = key * size + code
    _, first = np.unique(key, return_index=True)
    key = key[np.sort(first)[:n]]
    if key.shape[0] < n:
        pool = rng.permutation(math.prod(radix))
        key = np.concatenate((key, pool[~np.isin(pool, key)][: n - key.shape[0]]))
    codes = []
    for size in radix[:0:-1]:
        codes.append(key % size)
        key = key // size
    qualifier, audience, attribute = codes
    head = key.astype(np.int64)
    n_mod = (
        (attribute < n_attr).astype(np.int64)
        + (audience < radix[2] - 1)
        + (qualifier < radix[3] - 1)
    )
    head_cat = np.array([_CAT_INDEX[c] for _, c in vocab.heads])
    attribute_words = np.array([[*words, ""] for words in vocab.attributes])
    attr = attribute_words[head_cat[head], attribute]
    aud = np.array([*vocab.audiences, ""])[audience]
    qual = np.array([*vocab.qualifiers, ""])[qualifier]
    head_words = np.array([h for h, _ in vocab.heads])[head]
    if vocab.english:  # "waterproof power bank for travel review"
        text = _join(attr, head_words, aud, qual)
    else:  # "蓝牙耳机 降噪 学生 推荐"
        text = _join(head_words, attr, aud, qual)
    short = n - text.shape[0]
    if short > 0:  # more keywords than the vocabulary holds: number the repeats
        base = np.resize(np.arange(text.shape[0]), short)
        suffix = (np.arange(short) // text.shape[0] + 2).astype(str)
        text = np.concatenate((text, _join(text[base], suffix)))
        head = np.concatenate((head, head[base]))
        n_mod = np.concatenate((n_mod, n_mod[base] + 1))
    return text, head, n_mod.astype(np.int64)


def keywords_table(rng: _Rng, n: int) -> tables.Keywords:
    n_zh = round(0.7 * n)
    zh, zh_head, zh_mod = _keyword_strings(rng, n_zh, _ZH)
    en, en_head, en_mod = _keyword_strings(rng, n - n_zh, _EN)
    zh_head_volume = rng.lognormal(np.log(20_000.0), 1.0, len(_ZH_HEADS))
    en_head_volume = rng.lognormal(np.log(6_000.0), 1.0, len(_EN_HEADS))
    zh_cat = np.array([_CAT_INDEX[c] for _, c in _ZH_HEADS])
    en_cat = np.array([_CAT_INDEX[c] for _, c in _EN_HEADS])
    cpc_median = _cat_column("cpc_median")

    keyword = np.concatenate((zh, en))
    n_mod = np.concatenate((zh_mod, en_mod))
    head_volume = np.concatenate((zh_head_volume[zh_head], en_head_volume[en_head]))
    base_cpc = np.concatenate((cpc_median[zh_cat[zh_head]], 1.6 * cpc_median[en_cat[en_head]]))
    order = rng.permutation(n)
    keyword, n_mod = keyword[order], n_mod[order]
    head_volume, base_cpc = head_volume[order], base_cpc[order]

    volume = head_volume * 0.12**n_mod * rng.lognormal(0.0, 0.9, n)
    monthly_volume = np.maximum(np.floor(volume), 10.0).astype(np.int64)
    competing = np.floor(monthly_volume * rng.lognormal(np.log(30.0), 1.3, n)).astype(np.int64)
    cpc = np.maximum(np.round(base_cpc * 0.9**n_mod * rng.lognormal(0.0, 0.5, n), 2), 0.05)
    logistic = 100.0 / (1.0 + np.exp(-1.1 * (np.log10(competing + 1.0) - 4.3)))
    difficulty = np.round(np.clip(logistic + rng.normal(0.0, 7.0, n), 0.0, 100.0), 1)
    ranks = rng.random(n) < np.clip(0.9 - difficulty / 120.0, 0.05, 0.95)
    rank = np.exp(rng.normal(np.log(3.0 + 0.6 * difficulty), 0.6))
    position = np.where(ranks, np.round(np.clip(rank, 1.0, 100.0), 1), np.nan)
    return tables.Keywords(
        keyword=keyword,
        monthly_volume=monthly_volume,
        competing_pages=competing,
        cpc=cpc.astype(np.float64),
        difficulty=difficulty.astype(np.float64),
        position=position.astype(np.float64),
    )
