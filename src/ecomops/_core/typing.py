"""Type aliases shared across ecomops (private)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.int64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
ArrayLike: TypeAlias = npt.ArrayLike

#: A real number given by a caller: a Python or numpy scalar.
Real: TypeAlias = float | int | np.floating | np.integer

#: A money amount given as a scalar: read exactly (floats by their shortest decimal form).
MoneyLike: TypeAlias = Decimal | int | float | str | np.floating | np.integer

RoundingMode: TypeAlias = Literal[
    "half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"
]


# --- inventory options
#: Law of demand over the protection interval (stock levels, service levels, newsvendor).
DemandDistribution: TypeAlias = Literal[
    "normal", "poisson", "negative_binomial", "gamma", "empirical"
]
DEMAND_DISTRIBUTIONS: tuple[DemandDistribution, ...] = get_args(DemandDistribution)
#: The fill-rate formulas of an (r, Q) policy.
FillRateMethod: TypeAlias = Literal["approximate", "exact", "lost_sales"]
FILL_RATE_METHODS: tuple[FillRateMethod, ...] = get_args(FillRateMethod)
#: How rq_policy finds (r, Q).
RQPolicyMethod: TypeAlias = Literal["exact", "loss_function", "eoq_safety_stock"]
RQ_POLICY_METHODS: tuple[RQPolicyMethod, ...] = get_args(RQPolicyMethod)
#: How ss_policy finds (s, S).
SSPolicyMethod: TypeAlias = Literal["power", "exact"]
SS_POLICY_METHODS: tuple[SSPolicyMethod, ...] = get_args(SSPolicyMethod)
#: Demand laws of the replenishment policies.
PolicyDistribution: TypeAlias = Literal["normal", "poisson"]
POLICY_DISTRIBUTIONS: tuple[PolicyDistribution, ...] = get_args(PolicyDistribution)
#: Quantity-discount schemes.
DiscountKind: TypeAlias = Literal["all_units", "incremental"]
DISCOUNT_KINDS: tuple[DiscountKind, ...] = get_args(DiscountKind)
#: Rules for rounding an order quantity to case packs.
PackRoundingMethod: TypeAlias = Literal["cost", "nearest", "up"]
PACK_ROUNDING_METHODS: tuple[PackRoundingMethod, ...] = get_args(PackRoundingMethod)
#: Where the item crossing an ABC threshold goes.
ABCCrossing: TypeAlias = Literal["include", "exclude"]
ABC_CROSSINGS: tuple[ABCCrossing, ...] = get_args(ABCCrossing)
#: Days of supply from past demand or from a forecast.
SupplyDirection: TypeAlias = Literal["backward", "forward"]
SUPPLY_DIRECTIONS: tuple[SupplyDirection, ...] = get_args(SupplyDirection)
