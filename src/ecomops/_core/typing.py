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


# --- segmentation options
#: Time grid of a customer summary: hours, days, ISO weeks (Monday first), calendar months.
SummaryPeriod: TypeAlias = Literal["h", "D", "W", "M"]
SUMMARY_PERIODS: tuple[SummaryPeriod, ...] = get_args(SummaryPeriod)
#: What one purchase occasion is: a customer's rows in one period, one order, or one row.
Occasion: TypeAlias = Literal["period", "order", "row"]
OCCASIONS: tuple[Occasion, ...] = get_args(Occasion)
#: How refund rows enter a summary: netted, kept separate, or excluded.
RefundHandling: TypeAlias = Literal["net", "separate", "exclude"]
REFUND_HANDLINGS: tuple[RefundHandling, ...] = get_args(RefundHandling)
#: What happens to rows that repeat an earlier row: counted and kept, or counted and dropped.
DuplicateHandling: TypeAlias = Literal["keep", "drop"]
DUPLICATE_HANDLINGS: tuple[DuplicateHandling, ...] = get_args(DuplicateHandling)
#: Cohort and offset unit: days, ISO weeks, months, quarters, years.
CohortPeriod: TypeAlias = Literal["D", "W", "M", "Q", "Y"]
COHORT_PERIODS: tuple[CohortPeriod, ...] = get_args(CohortPeriod)
#: What a cohort cell counts.
CohortMetric: TypeAlias = Literal["customers", "orders", "revenue"]
COHORT_METRICS: tuple[CohortMetric, ...] = get_args(CohortMetric)
#: The cohort period containing as_of: kept (flagged) or masked as NaN.
PartialPeriod: TypeAlias = Literal["keep", "mask"]
PARTIAL_PERIODS: tuple[PartialPeriod, ...] = get_args(PartialPeriod)
#: Which matrix of a cohort table to export.
CohortTable: TypeAlias = Literal["values", "retention"]
COHORT_TABLES: tuple[CohortTable, ...] = get_args(CohortTable)
#: How RFM scores are binned.
RFMMethod: TypeAlias = Literal["quantile", "rank", "ntile", "fixed"]
RFM_METHODS: tuple[RFMMethod, ...] = get_args(RFMMethod)
#: How tied customers are scored by rank or NTILE.
RFMTies: TypeAlias = Literal["equal", "first"]
RFM_TIES: tuple[RFMTies, ...] = get_args(RFMTies)
#: Which spend column is scored: the total or the mean per occasion.
MonetaryColumn: TypeAlias = Literal["total", "mean"]
MONETARY_COLUMNS: tuple[MonetaryColumn, ...] = get_args(MonetaryColumn)
#: RFM scoring presets reproducing an anchor.
RFMPreset: TypeAlias = Literal["rfm_package", "pymc_marketing", "ntile"]
RFM_PRESETS: tuple[RFMPreset, ...] = get_args(RFMPreset)
#: Published segment maps.
SegmentMapPreset: TypeAlias = Literal["champions_11", "pymc_marketing", "rf_10", "rfm_package"]
SEGMENT_MAP_PRESETS: tuple[SegmentMapPreset, ...] = get_args(SegmentMapPreset)
