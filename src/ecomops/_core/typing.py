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
