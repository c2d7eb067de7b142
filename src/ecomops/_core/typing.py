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

# --- core options
#: Which ends of a declared numeric interval are closed (included).
Closed: TypeAlias = Literal["both", "left", "right", "neither"]
CLOSED_ENDS: tuple[Closed, ...] = get_args(Closed)

# --- money options

RoundingMode: TypeAlias = Literal[
    "half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"
]
#: The rounding modes every money function accepts.
ROUNDING_MODES: tuple[RoundingMode, ...] = get_args(RoundingMode)

AllocationMethod: TypeAlias = Literal["largest_remainder", "last_line"]
#: Where the rounding residue of an allocation goes.
ALLOCATION_METHODS: tuple[AllocationMethod, ...] = get_args(AllocationMethod)


# --- seo options
Bm25Method: TypeAlias = Literal["robertson", "lucene", "atire", "bm25l", "bm25plus"]
#: The BM25 formula variants of ``bm25_scores``.
BM25_METHODS: tuple[Bm25Method, ...] = get_args(Bm25Method)

DensityMethod: TypeAlias = Literal[
    "occurrences_per_word", "keyword_words_per_word", "keyword_chars_per_char"
]
#: The keyword density formulas of ``keyword_density``.
DENSITY_METHODS: tuple[DensityMethod, ...] = get_args(DensityMethod)

LengthUnit: TypeAlias = Literal["chars", "gbk_bytes", "width"]
#: The length measures ``title_length`` counts in.
LENGTH_UNITS: tuple[LengthUnit, ...] = get_args(LengthUnit)

MatchType: TypeAlias = Literal["exact", "phrase", "broad"]
#: Keyword match types of search ads (broad match modifier was retired in 2021).
MATCH_TYPES: tuple[MatchType, ...] = get_args(MatchType)

CoverageMatch: TypeAlias = Literal["all_words", "phrase"]
#: How a title must contain a keyword to cover it (``keyword_coverage``).
COVERAGE_MATCHES: tuple[CoverageMatch, ...] = get_args(CoverageMatch)

WordOrder: TypeAlias = Literal["product_first", "intent_first", "both"]
#: Word orders of the combinations of ``sem_keywords``.
WORD_ORDERS: tuple[WordOrder, ...] = get_args(WordOrder)

CtrCurveName: TypeAlias = Literal["sistrix_2020", "aol_2006"]
#: Names of the bundled click-through curves.
CTR_CURVE_NAMES: tuple[CtrCurveName, ...] = get_args(CtrCurveName)

TokenizerBackend: TypeAlias = Literal["jieba", "ngram"]
#: Engines a ``ChineseTokenizer`` runs.
TokenizerEngine: TypeAlias = Literal["auto", TokenizerBackend]
#: Engines a ``ChineseTokenizer`` can be asked for (``"auto"``: jieba when installed).
TOKENIZER_ENGINES: tuple[TokenizerEngine, ...] = get_args(TokenizerEngine)

#: Character sets a title rule pack can require.
TitleEncoding: TypeAlias = Literal["gbk"]


# --- funnel options

#: Interval for one proportion ([`proportion_interval`][ecomops.funnel.proportion_interval]).
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

#: Which attempt a ``drop_unit`` exclusion judges: any attempt reaching the unit's
#: furthest step may keep it (``"clean_attempt"``), or only the counted one.
ExclusionRule: TypeAlias = Literal["clean_attempt", "counted_attempt"]
EXCLUSION_RULES: tuple[ExclusionRule, ...] = get_args(ExclusionRule)

#: Which spec event names absent from the log raise: those with a look-alike
#: name in the log (a likely typo), every one, or none.
NameCheck: TypeAlias = Literal["similar", "all", "off"]
NAME_CHECKS: tuple[NameCheck, ...] = get_args(NameCheck)

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
#: How a quantity is rounded to a whole number of steps: up, to the nearest (half up), or down.
StepRounding: TypeAlias = Literal["up", "nearest", "down"]
STEP_ROUNDINGS: tuple[StepRounding, ...] = get_args(StepRounding)


# --- promotions options
#: The level a promotion runs at; the default stage order of a stacking policy.
PromotionLevel: TypeAlias = Literal["item", "shop", "cross_shop", "platform", "shipping"]
PROMOTION_LEVELS: tuple[PromotionLevel, ...] = get_args(PromotionLevel)

#: How a 满减 threshold discount repeats: once, for every multiple, or by tiers.
ThresholdRepeat: TypeAlias = Literal["once", "every", "tiered"]
THRESHOLD_REPEATS: tuple[ThresholdRepeat, ...] = get_args(ThresholdRepeat)

#: How quantity tiers apply: every unit at the tier reached, or each unit at its band's rate.
TiersMode: TypeAlias = Literal["volume", "graduated"]
TIERS_MODES: tuple[TiersMode, ...] = get_args(TiersMode)

#: Whether each threshold is judged on the running total or on its stage's price base.
ThresholdBasis: TypeAlias = Literal["sequential", "parallel"]
THRESHOLD_BASES: tuple[ThresholdBasis, ...] = get_args(ThresholdBasis)

#: The amounts a stage judges thresholds and computes percentages on.
PriceBase: TypeAlias = Literal["original", "after_item", "running"]
PRICE_BASES: tuple[PriceBase, ...] = get_args(PriceBase)

#: How percentage discounts of one stage stack: on the running amount, or each on the base.
PercentStacking: TypeAlias = Literal["compound", "add"]
PERCENT_STACKINGS: tuple[PercentStacking, ...] = get_args(PercentStacking)

#: Where a percentage discount is rounded: once per promotion, or once per line.
RoundingPoint: TypeAlias = Literal["promotion", "line"]
ROUNDING_POINTS: tuple[RoundingPoint, ...] = get_args(RoundingPoint)

#: How a promotion's discount is split over its eligible lines.
PromotionAllocation: TypeAlias = Literal["largest_remainder"]
PROMOTION_ALLOCATIONS: tuple[PromotionAllocation, ...] = get_args(PromotionAllocation)

#: The documented stacking policies.
StackingPreset: TypeAlias = Literal["sequential_mall", "china_platform"]
STACKING_PRESETS: tuple[StackingPreset, ...] = get_args(StackingPreset)

# --- forecast options
#: The forecasting models of ``fit_forecast``.
ForecastMethod: TypeAlias = Literal[
    "naive",
    "seasonal_naive",
    "moving_average",
    "ses",
    "holt",
    "holt_winters_additive",
    "holt_winters_multiplicative",
    "croston",
    "croston_optimized",
    "sba",
    "tsb",
    "adida",
    "imapa",
]
FORECAST_METHODS: tuple[ForecastMethod, ...] = get_args(ForecastMethod)
#: What a missing value inside a history means: refused, or a period without sales.
GapPolicy: TypeAlias = Literal["refuse", "zero"]
GAP_POLICIES: tuple[GapPolicy, ...] = get_args(GapPolicy)

# --- forecast evaluation options
#: What a percentage error does with a zero actual: refuse it, or leave the period out.
ZeroActualPolicy: TypeAlias = Literal["refuse", "exclude"]
ZERO_ACTUAL_POLICIES: tuple[ZeroActualPolicy, ...] = get_args(ZeroActualPolicy)
#: How the variance of demand over a lead time is formed from a forecast's errors.
LeadTimeVariance: TypeAlias = Literal["empirical", "analytic", "sqrt_lead_time"]
LEAD_TIME_VARIANCES: tuple[LeadTimeVariance, ...] = get_args(LeadTimeVariance)
#: The policy a backtest replays: order-up-to level, or reorder point with a fixed quantity.
ReplenishmentPolicy: TypeAlias = Literal["order_up_to_level", "reorder_point"]
REPLENISHMENT_POLICIES: tuple[ReplenishmentPolicy, ...] = get_args(ReplenishmentPolicy)
#: How a forecasting model is chosen per series: by demand class, or by holdout error.
SelectionRule: TypeAlias = Literal["demand_pattern", "holdout"]
SELECTION_RULES: tuple[SelectionRule, ...] = get_args(SelectionRule)
