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


# --- logistics options
#: How a weight is rounded to its step: up to the next step, or to the nearest (half up).
WeightRounding: TypeAlias = Literal["up", "nearest"]
WEIGHT_ROUNDINGS: tuple[WeightRounding, ...] = get_args(WeightRounding)
#: How each dimension is rounded before the volume: nearest (half up), up, or not at all.
DimensionRounding: TypeAlias = Literal["nearest", "up", "none"]
DIMENSION_ROUNDINGS: tuple[DimensionRounding, ...] = get_args(DimensionRounding)
#: The unit system of a carrier service: kg and cm, or lb and in.
UnitSystem: TypeAlias = Literal["metric", "imperial"]
UNIT_SYSTEMS: tuple[UnitSystem, ...] = get_args(UnitSystem)
#: A surcharge is a fixed amount or a percentage of a stated base.
SurchargeKind: TypeAlias = Literal["flat", "percentage"]
SURCHARGE_KINDS: tuple[SurchargeKind, ...] = get_args(SurchargeKind)
#: Whether transit days count calendar days or business days (Monday to Friday).
TransitBasis: TypeAlias = Literal["calendar", "business"]
TRANSIT_BASES: tuple[TransitBasis, ...] = get_args(TransitBasis)
#: The markets of the illustrative carrier services.
ServiceMarket: TypeAlias = Literal["CN", "US"]
SERVICE_MARKETS: tuple[ServiceMarket, ...] = get_args(ServiceMarket)
