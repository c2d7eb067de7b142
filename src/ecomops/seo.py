r"""SEO keyword scoring: keyword metrics, relevance to listings, titles under platform limits.

For an operator with a keyword export (volume, competing pages, difficulty,
CPC, current position) and a catalogue of listing titles, in Chinese and in
Latin scripts:

* **Tokenisation**: the [`Tokenizer`][ecomops.seo.Tokenizer] protocol;
  [`LatinTokenizer`][ecomops.seo.LatinTokenizer] (Unicode words, case folding, stopwords, a stemming
  hook; Han and kana runs as character bigrams), the default everywhere;
  [`ChineseTokenizer`][ecomops.seo.ChineseTokenizer] (jieba with your brand and product words, a
  private instance, no global state, no cache file; character n-grams when jieba is not installed).
* **Keyword metrics**: [`keyword_effectiveness_index`][ecomops.seo.keyword_effectiveness_index],
  [`click_through_rate`][ecomops.seo.click_through_rate] and
  [`estimated_clicks`][ecomops.seo.estimated_clicks] with published click-through curves
  (`CTR_CURVES`), [`keyword_opportunity`][ecomops.seo.keyword_opportunity], and
  [`keyword_scores`][ecomops.seo.keyword_scores], one weighted priority score with its components.
* **Relevance**: [`bm25_scores`][ecomops.seo.bm25_scores] (five formula variants, BM25F field
  weights, batch queries on a sparse matrix), [`Bm25Index`][ecomops.seo.Bm25Index] (a catalogue
  indexed once and queried many times, the same scores),
  [`tfidf_similarity`][ecomops.seo.tfidf_similarity],
  [`keyword_coverage`][ecomops.seo.keyword_coverage].
* **Listing rules**: [`title_length`][ecomops.seo.title_length] in characters, GBK bytes or display
  width; rule packs with dates and sources (`PLATFORM_RULES`,
  [`title_rules`][ecomops.seo.title_rules]); [`check_title`][ecomops.seo.check_title];
  [`keyword_density`][ecomops.seo.keyword_density] with an explicit formula and a stuffing flag.
* **Titles and ads**: [`build_title`][ecomops.seo.build_title] packs the best keywords into a
  platform's length budget (exact knapsack over bytes or width units);
  [`sem_keywords`][ecomops.seo.sem_keywords] generates exact, phrase and broad match keywords.

Examples
--------
>>> from ecomops.seo import bm25_scores, build_title, keyword_scores, title_length
>>> title_length("三只松鼠 坚果大礼包 1.5kg", length_unit="gbk_bytes")
25
>>> bm25_scores("green tea", ["green tea loose leaf", "yoga mat"]).round(3)
array([0.555, 0.   ])
>>> ranked = keyword_scores([5_000, 300], [70, 20], [1.5, 0.8])
>>> ranked.rank
array([1, 2])
>>> build_title(["连衣裙 夏季", "连衣裙 韩版 宽松"], [0.9, 0.6], rules="taobao").title
'连衣裙 夏季 韩版 宽松'
"""

from __future__ import annotations

from ecomops._seo.bm25 import (
    BM25_METHODS,
    DENSITY_METHODS,
    Bm25Method,
    DensityMethod,
    KeywordCoverage,
    KeywordDensity,
    bm25_scores,
    keyword_coverage,
    keyword_density,
    tfidf_similarity,
)
from ecomops._seo.index import Bm25Index
from ecomops._seo.metrics import (
    CTR_CURVES,
    CtrCurveName,
    KeywordScores,
    ScoreWeights,
    click_through_rate,
    estimated_clicks,
    keyword_effectiveness_index,
    keyword_opportunity,
    keyword_scores,
)
from ecomops._seo.text import (
    CHINESE_STOPWORDS,
    ENGLISH_STOPWORDS,
    LENGTH_UNITS,
    ChineseTokenizer,
    LatinTokenizer,
    LengthUnit,
    Tokenizer,
    default_tokenizer,
    normalize_text,
    title_length,
)
from ecomops._seo.titles import (
    MATCH_TYPES,
    PLATFORM_RULES,
    BuiltTitle,
    MatchType,
    SemKeywords,
    TitleRules,
    TitleViolation,
    build_title,
    check_title,
    sem_keywords,
    title_rules,
)

__all__ = [
    "BM25_METHODS",
    "CHINESE_STOPWORDS",
    "CTR_CURVES",
    "DENSITY_METHODS",
    "ENGLISH_STOPWORDS",
    "LENGTH_UNITS",
    "MATCH_TYPES",
    "PLATFORM_RULES",
    "Bm25Index",
    "Bm25Method",
    "BuiltTitle",
    "ChineseTokenizer",
    "CtrCurveName",
    "DensityMethod",
    "KeywordCoverage",
    "KeywordDensity",
    "KeywordScores",
    "LatinTokenizer",
    "LengthUnit",
    "MatchType",
    "ScoreWeights",
    "SemKeywords",
    "TitleRules",
    "TitleViolation",
    "Tokenizer",
    "bm25_scores",
    "build_title",
    "check_title",
    "click_through_rate",
    "default_tokenizer",
    "estimated_clicks",
    "keyword_coverage",
    "keyword_density",
    "keyword_effectiveness_index",
    "keyword_opportunity",
    "keyword_scores",
    "normalize_text",
    "sem_keywords",
    "tfidf_similarity",
    "title_length",
    "title_rules",
]
