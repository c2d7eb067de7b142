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

# --- money options

RoundingMode: TypeAlias = Literal[
    "half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"
]
#: The rounding modes every money function accepts.
ROUNDING_MODES: tuple[RoundingMode, ...] = get_args(RoundingMode)

AllocationMethod: TypeAlias = Literal["largest_remainder", "last_line"]
#: Where the rounding residue of an allocation goes.
ALLOCATION_METHODS: tuple[AllocationMethod, ...] = get_args(AllocationMethod)


# --- pricing options
#: Where a price moves to reach a candidate (charm ending, round figure, price point).
PriceDirection: TypeAlias = Literal["down", "up", "nearest"]
PRICE_DIRECTIONS: tuple[PriceDirection, ...] = get_args(PriceDirection)

#: The named charm-price rules of ``CHARM_PRESETS``.
CharmPresetName: TypeAlias = Literal[
    "CNY_8", "CNY_88", "CNY_9", "JPY_98", "JPY_980", "USD_9", "USD_95", "USD_99"
]
CHARM_PRESET_NAMES: tuple[CharmPresetName, ...] = get_args(CharmPresetName)

#: Formula of ``price_elasticity``: midpoint (arc) or simple (point-to-point).
ElasticityMethod: TypeAlias = Literal["midpoint", "simple"]
ELASTICITY_METHODS: tuple[ElasticityMethod, ...] = get_args(ElasticityMethod)

#: The demand (price-response) models of ``fit_demand``.
DemandModelKind: TypeAlias = Literal["linear", "constant_elasticity", "exponential", "logit"]
DEMAND_MODEL_KINDS: tuple[DemandModelKind, ...] = get_args(DemandModelKind)

#: What an optimal-price method does where no finite optimum exists.
InfeasiblePolicy: TypeAlias = Literal["raise", "nan"]
INFEASIBLE_POLICIES: tuple[InfeasiblePolicy, ...] = get_args(InfeasiblePolicy)

#: Formula of ``price_index``.
PriceIndexMethod: TypeAlias = Literal["geometric", "arithmetic", "aggregate"]
PRICE_INDEX_METHODS: tuple[PriceIndexMethod, ...] = get_args(PriceIndexMethod)

#: How several competitor prices make one reference price in ``price_index``.
PriceIndexReference: TypeAlias = Literal["mean", "min", "median"]
PRICE_INDEX_REFERENCES: tuple[PriceIndexReference, ...] = get_args(PriceIndexReference)

#: What ``van_westendorp`` does with answers out of order.
InconsistentAnswers: TypeAlias = Literal["drop", "raise"]
INCONSISTENT_ANSWERS: tuple[InconsistentAnswers, ...] = get_args(InconsistentAnswers)
