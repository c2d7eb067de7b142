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


# --- funnel options

#: Interval for one proportion (:func:`~ecomops.funnel.proportion_interval`).
IntervalMethod: TypeAlias = Literal[
    "wilson", "agresti_coull", "jeffreys", "clopper_pearson", "normal"
]
INTERVAL_METHODS: tuple[IntervalMethod, ...] = get_args(IntervalMethod)

#: Alternative hypothesis of a test (scipy's vocabulary).
Alternative: TypeAlias = Literal["two-sided", "less", "greater"]
ALTERNATIVES: tuple[Alternative, ...] = get_args(Alternative)

#: Variance of the two-proportion z test under the null.
ZTestMethod: TypeAlias = Literal["pooled", "score"]
Z_TEST_METHODS: tuple[ZTestMethod, ...] = get_args(ZTestMethod)

#: The estimate a two-proportion interval is about.
Estimate: TypeAlias = Literal["difference", "relative_lift"]
ESTIMATES: tuple[Estimate, ...] = get_args(Estimate)

#: Approximation of the two-arm sample size.
SampleSizeMethod: TypeAlias = Literal["pooled", "arcsine"]
SAMPLE_SIZE_METHODS: tuple[SampleSizeMethod, ...] = get_args(SampleSizeMethod)

#: Step order of a funnel.
FunnelOrder: TypeAlias = Literal["ordered", "strict", "unordered"]
FUNNEL_ORDERS: tuple[FunnelOrder, ...] = get_args(FunnelOrder)

#: Which step-0 events open an attempt.
AttemptRule: TypeAlias = Literal["furthest", "first"]
ATTEMPT_RULES: tuple[AttemptRule, ...] = get_args(AttemptRule)

#: What an exclusion event does to the unit's attempt.
ExclusionEffect: TypeAlias = Literal["drop_unit", "stop_at_step"]
EXCLUSION_EFFECTS: tuple[ExclusionEffect, ...] = get_args(ExclusionEffect)

#: Which event of the counted attempt gives a unit its breakdown group (or a step index).
Touch: TypeAlias = Literal["first_touch", "last_touch"]
TOUCHES: tuple[Touch, ...] = get_args(Touch)
Attribution: TypeAlias = Touch | int

#: What a step's conversion rate divides by.
RateDenominator: TypeAlias = Literal["previous", "first", "exposed"]
RATE_DENOMINATORS: tuple[RateDenominator, ...] = get_args(RateDenominator)

#: The event a time to convert is measured from.
TimeReference: TypeAlias = Literal["first", "previous"]
TIME_REFERENCES: tuple[TimeReference, ...] = get_args(TimeReference)
