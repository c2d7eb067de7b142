r"""Listing rules, title building and SEM keyword generation for ``ecomops.seo`` (private)."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
from pydantic import Field, field_validator

from ecomops._core.models import EcomopsModel
from ecomops._core.results import Result, Table
from ecomops._core.typing import (
    MATCH_TYPES,
    WORD_ORDERS,
    ArrayLike,
    FloatArray,
    LengthUnit,
    MatchType,
    TitleEncoding,
    WordOrder,
)
from ecomops._core.validation import (
    as_float_array,
    check_flag,
    check_option,
    refuse_missing_date,
)
from ecomops._seo.text import (
    Tokenizer,
    check_text,
    check_texts,
    is_cjk_char,
    normalize_text,
    resolve_tokenizer,
    title_length,
)
from ecomops.exceptions import InfeasibleProblemError, InvalidInputError

__all__ = [
    "MATCH_TYPES",
    "PLATFORM_RULES",
    "BuiltTitle",
    "MatchType",
    "SemKeywords",
    "TitleRules",
    "TitleViolation",
    "build_title",
    "check_title",
    "sem_keywords",
    "title_rules",
]


class TitleRules(EcomopsModel):
    """A platform's rules for listing titles (or ad text), with date and source.

    Attributes
    ----------
    platform : str
        Name of the rule pack. [-]
    length_unit : {"chars", "gbk_bytes", "width"}
        How the platform counts length (see [`title_length`][ecomops.seo.title_length]). [-]
    max_length : int
        Longest allowed title, ``> 0``. [length_unit]
    hard_limit : bool
        True when the platform refuses longer titles; False for a display
        guideline (longer titles are truncated), reported as a warning. [-]
    banned_words : tuple of str
        Words and phrases the platform refuses (matched case-insensitively,
        as whole words for Latin text and as substrings for Chinese). [-]
    banned_characters : str
        Characters the platform refuses. [-]
    max_word_repeats : int or None
        Most times one word may appear (Latin words, case-insensitive). [-]
    repeat_exempt_words : tuple of str
        Words exempt from ``max_word_repeats`` (articles, prepositions,
        conjunctions). [-]
    encoding : {"gbk"} or None
        Character set every character must be encodable in. [-]
    as_of : datetime.date
        Date the rules were published or compiled. [-]
    source : str
        Where the rules come from. [-]

    References
    ----------
    1. The sources of each pack in `PLATFORM_RULES`.

    Examples
    --------
    >>> rules = TitleRules(platform="my_shop", length_unit="chars", max_length=80,
    ...                    as_of="2026-01-01", source="house style guide")
    >>> rules.max_length, rules.hard_limit
    (80, True)
    """

    platform: str = Field(min_length=1)
    length_unit: LengthUnit
    max_length: int = Field(gt=0)
    hard_limit: bool = True
    banned_words: tuple[str, ...] = ()
    banned_characters: str = ""
    max_word_repeats: int | None = Field(default=None, ge=1)
    repeat_exempt_words: tuple[str, ...] = ()
    encoding: TitleEncoding | None = None
    as_of: datetime.date
    source: str = Field(min_length=1)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of_not_missing(cls, value: object) -> object:
        return refuse_missing_date(value, "as_of")


_COMPILED = datetime.date(2026, 11, 28)
# Amazon exempts prepositions, articles and conjunctions from its two-repeats rule.
_EXEMPT = (
    "a", "an", "the", "and", "or", "nor", "but", "for", "so", "yet", "in", "on", "at", "of",
    "to", "with", "by", "from", "over", "under", "into", "per",
)  # fmt: skip


def _search_ad_rules(platform: str, max_length: int, source: str) -> TitleRules:
    """Google Ads text rules: display width, responsive search ads only from 2022-06-30."""
    return TitleRules(
        platform=platform,
        length_unit="width",
        max_length=max_length,
        as_of=datetime.date(2022, 6, 30),
        source=source,
    )


#: Bundled rule packs, by platform name. Each carries ``as_of`` and ``source``.
PLATFORM_RULES: Mapping[str, TitleRules] = MappingProxyType(
    {
        "taobao": TitleRules(
            platform="taobao",
            length_unit="gbk_bytes",
            max_length=60,
            encoding="gbk",
            banned_words=("国家级", "最高级", "最佳"),
            as_of=_COMPILED,
            source=(
                "Taobao/Tmall seller publishing form (千牛卖家中心, 发布宝贝), title field: "
                "at most 30 Chinese characters, i.e. 60 characters with a Chinese character "
                "counting 2; banned words: Advertising Law of the PRC (2015, amended 2021), "
                "Art. 9(3) ('国家级', '最高级', '最佳'). Compiled 2026-11-28."
            ),
        ),
        "amazon": TitleRules(
            platform="amazon",
            length_unit="chars",
            max_length=200,
            banned_words=("free shipping", "100% quality guaranteed", "best seller", "hot item"),
            banned_characters="!$?_{}^¬¦",
            max_word_repeats=2,
            repeat_exempt_words=_EXEMPT,
            as_of=datetime.date(2025, 1, 21),
            source=(
                "Amazon Seller Central, 'Product title requirements and guidelines' (help "
                "pages 201100890 and YTR6SYGFA5E3EQC), in force from 2025-01-21: at most 200 "
                "characters including spaces; no promotional phrases such as 'free shipping' "
                "or '100% quality guaranteed', no subjective commentary such as 'best seller' "
                "or 'hot item'; none of ! $ ? _ { } ^ ¬ ¦; no word more than twice except "
                "prepositions, articles and conjunctions."
            ),
        ),
        "google": TitleRules(
            platform="google",
            length_unit="chars",
            max_length=60,
            hard_limit=False,
            as_of=_COMPILED,
            source=(
                "Google Search Central, 'Influencing your title links in search results' (no "
                "fixed limit: title links are truncated to the device width, about 600 px); "
                "the common ~60-character display guideline (Moz, 'Title tag'). A warning, "
                "not a refusal. Compiled 2026-11-28."
            ),
        ),
        "search_ad_headline": _search_ad_rules(
            "search_ad_headline",
            30,
            (
                "Google Ads Help, 'About responsive search ads' (headlines up to 30 "
                "characters, descriptions up to 90; responsive search ads the only "
                "standard search ad from 2022-06-30) and 'character limits': double-width "
                "characters (Chinese, Japanese, Korean) count 2."
            ),
        ),
        "search_ad_description": _search_ad_rules(
            "search_ad_description",
            90,
            (
                "Google Ads Help, 'About responsive search ads': descriptions up to 90 "
                "characters, double-width characters counting 2."
            ),
        ),
    }
)


def title_rules(platform: TitleRules | str) -> TitleRules:
    """The bundled rule pack of a platform.

    Parameters
    ----------
    platform : str or TitleRules
        One of ``"taobao"``, ``"amazon"``, ``"google"``,
        ``"search_ad_headline"``, ``"search_ad_description"`` (a
        [`TitleRules`][ecomops.seo.TitleRules] is returned as it is). [-]

    Returns
    -------
    TitleRules
        The rules, with ``as_of`` and ``source``.

    Raises
    ------
    InvalidInputError
        For an unknown platform.

    References
    ----------
    1. The ``source`` of each pack.

    Examples
    --------
    >>> r = title_rules("taobao")
    >>> r.length_unit, r.max_length
    ('gbk_bytes', 60)
    """
    return _resolve_rules(platform, "platform")


def _resolve_rules(value: TitleRules | str, name: str) -> TitleRules:
    """The rules ``value`` names; an error names the caller's parameter ``name``."""
    if isinstance(value, TitleRules):
        return value
    if not isinstance(value, str) or value not in PLATFORM_RULES:
        listed = ", ".join(repr(k) for k in PLATFORM_RULES)
        rule = f"rules must be a TitleRules or one of {listed}; got {value!r}"
        raise InvalidInputError(rule if name == "rules" else f"{name} must name rules: {rule}")
    return PLATFORM_RULES[value]


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class TitleViolation(Result):
    """One broken title rule.

    Attributes
    ----------
    rule : str
        ``"empty"``, ``"max_length"``, ``"banned_word"``,
        ``"banned_character"``, ``"word_repeats"`` or ``"encoding"``. [-]
    severity : str
        ``"error"`` (the platform refuses it) or ``"warning"``. [-]
    detail : str
        The offending word or character, or the length. [-]
    message : str
        A sentence for the operator. [-]

    References
    ----------
    1. The ``source`` of the rule pack that was checked.

    Examples
    --------
    >>> check_title("x" * 61, "taobao")[0].message
    '61 gbk_bytes exceeds the taobao limit of 60 gbk_bytes'
    """

    rule: str
    severity: str
    detail: str
    message: str


_LATIN_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _banned_word_found(norm_title: str, word: str) -> bool:
    target = normalize_text(word)
    if not target:
        return False
    if any(is_cjk_char(c) for c in target):
        return target in norm_title
    pattern = r"(?<![^\W_])" + re.escape(target) + r"(?![^\W_])"
    return re.search(pattern, norm_title) is not None


def check_title(title: str, rules: TitleRules | str) -> tuple[TitleViolation, ...]:
    """Every way a title breaks a platform's rules (empty when it complies).

    Checks, in order: an empty title, the length in the platform's length unit,
    banned words, banned characters, repeated words and the character set.

    Parameters
    ----------
    title : str
        The title. [-]
    rules : TitleRules or str
        A rule pack or a bundled platform name (`PLATFORM_RULES`). [-]

    Returns
    -------
    tuple of TitleViolation
        One entry per violation (each banned word, character and repeated word
        separately).

    Raises
    ------
    InvalidInputError
        If ``title`` is not a string or the platform is unknown.

    References
    ----------
    1. The ``source`` of the rule pack used.

    Examples
    --------
    >>> found = check_title("FREE SHIPPING! Yoga Mat Yoga Mat Yoga Strap", "amazon")
    >>> [(v.rule, v.detail) for v in found]
    [('banned_word', 'free shipping'), ('banned_character', '!'), ('word_repeats', 'yoga')]
    >>> [v.rule for v in check_title("全网最佳蓝牙耳机😀", "taobao")]
    ['banned_word', 'encoding']
    """
    check_text(title, "title")
    r = _resolve_rules(rules, "rules")
    out: list[TitleViolation] = []
    if not title.strip():
        out.append(TitleViolation("empty", "error", "", "the title is empty"))
        return tuple(out)
    length = title_length(title, length_unit=r.length_unit)
    if length > r.max_length:
        severity = "error" if r.hard_limit else "warning"
        out.append(
            TitleViolation(
                "max_length",
                severity,
                str(length),
                f"{length} {r.length_unit} exceeds the {r.platform} limit of "
                f"{r.max_length} {r.length_unit}",
            )
        )
    norm = normalize_text(title)
    out.extend(
        TitleViolation("banned_word", "error", word, f"{r.platform} does not allow {word!r}")
        for word in r.banned_words
        if _banned_word_found(norm, word)
    )
    out.extend(
        TitleViolation("banned_character", "error", c, f"{r.platform} does not allow {c!r}")
        for c in dict.fromkeys(c for c in title if c in r.banned_characters)
    )
    if r.max_word_repeats is not None:
        exempt = {normalize_text(w) for w in r.repeat_exempt_words}
        counts: dict[str, int] = {}
        for word in _LATIN_WORD.findall(norm):
            if word not in exempt:
                counts[word] = counts.get(word, 0) + 1
        for word, n in counts.items():
            if n > r.max_word_repeats:
                out.append(
                    TitleViolation(
                        "word_repeats",
                        "error",
                        word,
                        f"{word!r} appears {n} times; {r.platform} allows {r.max_word_repeats}",
                    )
                )
    if r.encoding == "gbk":
        bad = []
        for c in dict.fromkeys(title):
            try:
                c.encode("gbk")
            except UnicodeEncodeError:
                bad.append(c)
        if bad:
            shown = "".join(bad)
            out.append(
                TitleViolation(
                    "encoding",
                    "error",
                    shown,
                    f"{len(bad)} character(s) cannot be stored in GBK: {shown!r}",
                )
            )
    return tuple(out)


# ---------------------------------------------------------------------------
# build_title
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class BuiltTitle(Result):
    """A title packed from keywords, and what was left out.

    Attributes
    ----------
    title : str
        The title. [-]
    length : int
        Its length. [length_unit]
    max_length : int
        The budget. [length_unit]
    length_unit : str
        What the rules count (see [`title_length`][ecomops.seo.title_length]). [-]
    words : tuple of str
        The words of the title, in order. [-]
    included : tuple of str
        Keywords the title covers (all their tokens are in it). [-]
    excluded : tuple of (str, str)
        Keywords left out, each with the reason: ``"over_budget"``,
        ``"banned"`` (breaks a rule by itself), ``"no_value"`` (score <= 0) or
        ``"no_tokens"``. [-]
    total_score : float
        Sum of the scores of the included keywords. [score]

    References
    ----------
    1. See [`build_title`][ecomops.seo.build_title].

    Examples
    --------
    >>> res = build_title(["yoga mat", "yoga mat non slip", "yoga strap"], [3.0, 2.0, 1.0],
    ...                   rules="search_ad_headline")
    >>> res.title, res.length
    ('yoga mat non slip strap', 23)
    >>> res.excluded
    ()
    """

    title: str
    length: int
    max_length: int
    length_unit: str
    words: tuple[str, ...]
    included: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]
    total_score: float


def _knapsack(costs: list[int], values: list[float], capacity: int) -> list[int]:
    """Exact 0/1 knapsack by dynamic programming over the (small) capacity."""
    best = np.zeros(capacity + 1)
    take = np.zeros((len(costs), capacity + 1), dtype=bool)
    for i, (w, v) in enumerate(zip(costs, values, strict=True)):
        if w > capacity:
            continue
        cand = np.full(capacity + 1, -np.inf)
        cand[w:] = best[: capacity + 1 - w] + v
        better = cand > best + 1e-12 * max(1.0, abs(v))
        take[i] = better
        best = np.where(better, cand, best)
    chosen: list[int] = []
    c = int(np.argmax(best))
    for i in range(len(costs) - 1, -1, -1):
        if take[i, c]:
            chosen.append(i)
            c -= costs[i]
    return chosen[::-1]


@dataclasses.dataclass(slots=True)
class _Draft:
    """A title being written: its words, the tokens they cover and the length used."""

    tokenizer: Tokenizer
    length_unit: LengthUnit
    separator: str
    separator_length: int = 0
    words: list[str] = dataclasses.field(default_factory=list)
    present: set[str] = dataclasses.field(default_factory=set)
    used: int = 0

    def __post_init__(self) -> None:
        self.separator_length = title_length(self.separator, length_unit=self.length_unit)

    def cost(self, word: str) -> int:
        """Length of ``word`` plus the separator it pays for.

        With separator ``""``, a space (1 in every length unit) is still written
        between two non-CJK characters (so "Nike" + "Dress" stays two words): a
        word starting with a non-CJK character pays for it, and the budget gets
        nothing back.
        """
        length = title_length(word, length_unit=self.length_unit)
        if self.separator:
            return length + self.separator_length
        return length + (0 if is_cjk_char(word[0]) else 1)

    def add(self, word: str, *, force: bool) -> None:
        """Write ``word`` unless its tokens are there already (or it has none and is not forced)."""
        tokens = self.tokenizer.tokenize(word)
        if (tokens and set(tokens) <= self.present) or (not tokens and not force):
            return
        self.words.append(word)
        self.present.update(tokens)
        self.used += self.cost(word)

    def new_words(self, text: str) -> tuple[list[str], int]:
        """The words of ``text`` this title lacks, and what writing them costs."""
        seen = set(self.present)
        fresh: list[str] = []
        cost = 0
        for word in text.split():
            tokens = self.tokenizer.tokenize(word)
            if not tokens or set(tokens) <= seen:
                continue
            seen.update(tokens)
            fresh.append(word)
            cost += self.cost(word)
        return fresh, cost

    def title(self) -> str:
        if self.separator or not self.words:
            return self.separator.join(self.words)
        title = self.words[0]
        for word in self.words[1:]:
            title = _join(title, word)
        return title


def _breaks_rules(text: str, rules: TitleRules) -> list[TitleViolation]:
    """The violations of ``text`` by itself (its length and emptiness aside)."""
    return [v for v in check_title(text, rules) if v.rule not in ("max_length", "empty")]


def _write_required(draft: _Draft, required: list[str], rules: TitleRules, budget: int) -> None:
    for phrase in required:
        bad = _breaks_rules(phrase, rules)
        if bad:
            raise InvalidInputError(f"required word {phrase!r} breaks the rules: {bad[0].message}")
        for word in phrase.split():
            draft.add(word, force=True)
    if draft.used > budget:
        raise InfeasibleProblemError(
            f"the required words alone are {draft.used - draft.separator_length} "
            f"{rules.length_unit} long; {rules.platform} allows {rules.max_length}"
        )


def _screen_keywords(
    texts: list[str], value: FloatArray, rules: TitleRules, tokenizer: Tokenizer
) -> tuple[list[set[str]], dict[int, str]]:
    """Each keyword's token set, and the reason each unusable keyword is left out."""
    excluded: dict[int, str] = {}
    token_sets: list[set[str]] = []
    for i, text in enumerate(texts):
        kw_tokens = set(tokenizer.tokenize(text))
        token_sets.append(kw_tokens)
        if not kw_tokens:
            excluded[i] = "no_tokens"
        elif _breaks_rules(text, rules):
            excluded[i] = "banned"
        elif not value[i] > 0.0:
            excluded[i] = "no_value"
    return token_sets, excluded


def _fill_budget(draft: _Draft, candidates: list[tuple[str, set[str], float]], budget: int) -> None:
    """Knapsack rounds: add the best set of keywords' new words until none fits."""
    open_items = candidates
    while True:
        open_items = [item for item in open_items if not item[1] <= draft.present]
        capacity = budget - draft.used
        if not open_items or capacity <= 0:
            return
        plans = [draft.new_words(text) for text, _, _ in open_items]
        chosen = _knapsack([cost for _, cost in plans], [v for _, _, v in open_items], capacity)
        if not chosen:
            return
        for j in chosen:
            for word in plans[j][0]:
                draft.add(word, force=False)


def build_title(
    keywords: Sequence[str],
    scores: ArrayLike,
    *,
    rules: TitleRules | str,
    required: Sequence[str] = (),
    separator: str = " ",
    tokenizer: Tokenizer | None = None,
) -> BuiltTitle:
    r"""Pack the most valuable keywords into a title within a platform's length.

    The title starts with the ``required`` words (brand, product word), each
    once. Keywords are then added in rounds. In each round, every keyword that
    is not yet covered costs the length of its words that the title lacks
    (words whose tokens are all in the title already are free: deduplication
    after tokenisation, so ``"Dress"`` after ``"dress"``, or ``"连衣裙"`` twice,
    costs nothing), and an exact 0/1 knapsack by dynamic programming over the
    remaining budget picks the set of keywords of greatest total score:

    $$
    \max \sum_i s_i x_i \quad\text{s.t.}\quad
    \sum_i c_i x_i \le B - \ell, \qquad x_i \in \{0, 1\}
    $$

    with $c_i$ counting each new word's length plus one separator and
    the budget $B$ raised by one separator (n words need n - 1). Words
    shared by keywords chosen in the same round are written once, so the
    title is never longer than planned; the length saved is offered in the
    next round, until no keyword fits. A keyword counts as included when all
    its tokens are in the title.

    Parameters
    ----------
    keywords : sequence of str
        Candidate keywords, words separated by spaces (``"连衣裙 夏季"``). [-]
    scores : array_like
        Value of each keyword, finite (e.g. [`keyword_scores`][ecomops.seo.keyword_scores]). [score]
    rules : TitleRules or str
        Rule pack or bundled platform name: gives the length unit and the budget;
        keywords that break its word, character or encoding rules are left out. [-]
    required : sequence of str
        Words or phrases that open the title, in order. [-]
    separator : str
        Between words: ``" "`` by default; ``""`` runs Chinese words together
        but still writes a space between two Latin words (``"Nike 连衣裙 Dress"``
        becomes ``"Nike连衣裙Dress"``, ``"Nike Dress"`` stays apart). [-]
    tokenizer : Tokenizer, optional
        Decides which words are duplicates; default
        [`default_tokenizer`][ecomops.seo.default_tokenizer]. [-]

    Returns
    -------
    BuiltTitle
        The title, its length, the keywords covered and those left out.

    Raises
    ------
    InvalidInputError
        Non-string keywords, scores of another length or not finite, a required
        word that breaks the rules.
    InfeasibleProblemError
        When the required words alone exceed the budget.

    Notes
    -----
    Each round is solved exactly; the rounds make the whole a heuristic for
    the set-union knapsack (NP-hard), and the title never exceeds the budget.
    Words that tokenise to nothing (stopwords such as "for") are not written
    unless required. Coverage is judged word by word, as the words are written;
    with ``separator=""`` the platform's search engine re-segments the run-together
    Chinese text itself. Cost: O(rounds × keywords × budget), budgets being small
    (60 bytes, 200 characters).

    References
    ----------
    1. Martello, S. and Toth, P. (1990), *Knapsack Problems: Algorithms and
       Computer Implementations*, Wiley, §2.6 (dynamic programming for the 0/1
       knapsack).
    2. Goldschmidt, O., Nehme, D. and Yu, G. (1994), "Note: On the
       set-union knapsack problem", *Naval Research Logistics* 41(6), 833-842,
       doi:10.1002/1520-6750(199410)41:6<833::AID-NAV3220410611>3.0.CO;2-Q.

    Examples
    --------
    >>> res = build_title(
    ...     ["蓝牙耳机 降噪", "蓝牙耳机 无线", "蓝牙耳机 学生 平价", "降噪 耳机 运动"],
    ...     [0.9, 0.8, 0.5, 0.3],
    ...     rules="taobao",
    ...     required=["小米"],
    ... )
    >>> res.title
    '小米 蓝牙耳机 降噪 无线 学生 平价 运动'
    >>> res.length, res.max_length
    (38, 60)
    """
    r = _resolve_rules(rules, "rules")
    texts = check_texts(keywords, "keywords")
    value = as_float_array(scores, "scores", ndim=1)
    if value.shape[0] != len(texts):
        raise InvalidInputError(
            f"inputs must have the same length; keywords has {len(texts)}, "
            f"scores has {value.shape[0]}"
        )
    required_texts = check_texts(required, "required")
    check_text(separator, "separator")
    draft = _Draft(resolve_tokenizer(tokenizer), r.length_unit, separator)
    # n words need n - 1 separators: each word pays one and the budget gets one back.
    budget = r.max_length + draft.separator_length
    _write_required(draft, required_texts, r, budget)
    token_sets, excluded = _screen_keywords(texts, value, r, draft.tokenizer)
    candidates = sorted(
        (i for i in range(len(texts)) if i not in excluded), key=lambda i: -value[i]
    )  # higher scores first, so that ties in the knapsack favour them and their words lead
    _fill_budget(draft, [(texts[i], token_sets[i], float(value[i])) for i in candidates], budget)
    title = draft.title()
    included = [
        i for i in range(len(texts)) if i not in excluded and token_sets[i] <= draft.present
    ]
    for i in range(len(texts)):
        if i not in excluded and not token_sets[i] <= draft.present:
            excluded[i] = "over_budget"
    return BuiltTitle(
        title=title,
        length=title_length(title, length_unit=r.length_unit),
        max_length=r.max_length,
        length_unit=r.length_unit,
        words=tuple(draft.words),
        included=tuple(texts[i] for i in included),
        excluded=tuple((texts[i], excluded[i]) for i in sorted(excluded)),
        total_score=float(value[included].sum()) if included else 0.0,
    )


# ---------------------------------------------------------------------------
# SEM keyword generation
# ---------------------------------------------------------------------------

#: Google Ads Editor criterion type of each match type ("Exact", "Phrase", "Broad").
_CRITERION = {m: m.capitalize() for m in MATCH_TYPES}


def _format(keyword: str, match: str) -> str:
    if match == "exact":
        return f"[{keyword}]"
    if match == "phrase":
        return f'"{keyword}"'
    return keyword


def _join(left: str, right: str) -> str:
    if is_cjk_char(left[-1]) or is_cjk_char(right[0]):
        return left + right
    return f"{left} {right}"


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class SemKeywords(Table):
    """Search-ad keywords generated from product terms and intent words.

    Attributes
    ----------
    keyword : ndarray of str
        Keyword text. [-]
    formatted : ndarray of str
        With match-type syntax: ``[exact]``, ``"phrase"``, ``broad``. [-]
    match_type : ndarray of str
        ``"exact"``, ``"phrase"`` or ``"broad"``. [-]
    criterion : ndarray of str
        Google Ads Editor criterion type: ``"Exact"``, ``"Phrase"``,
        ``"Broad"``, ``"Negative Exact"``... [-]
    negative : ndarray of bool
        True for negative keywords. [-]
    product_term : ndarray of str
        Product term ("" for negatives). [-]
    intent_word : ndarray of str
        Intent word ("" for a bare product term or a negative). [-]

    References
    ----------
    1. See [`sem_keywords`][ecomops.seo.sem_keywords].

    Examples
    --------
    >>> kws = sem_keywords(["yoga mat"], ["cheap"], match_types=["broad"])
    >>> kws.keyword.tolist()
    ['yoga mat', 'yoga mat cheap', 'cheap yoga mat']
    """

    keyword: np.ndarray
    formatted: np.ndarray
    match_type: np.ndarray
    criterion: np.ndarray
    negative: np.ndarray
    product_term: np.ndarray
    intent_word: np.ndarray


def _clean(values: Sequence[str], name: str) -> list[str]:
    items = check_texts(values, name)
    out: list[str] = []
    for i, item in enumerate(items):
        text = " ".join(item.split())
        if not text:
            raise InvalidInputError(f"{name} must not hold blank strings; index {i} is blank")
        out.append(text)
    return list(dict.fromkeys(out))


def sem_keywords(
    product_terms: Sequence[str],
    intent_words: Sequence[str],
    *,
    match_types: Sequence[MatchType] = MATCH_TYPES,
    word_order: WordOrder = "both",
    include_bare: bool = True,
    negatives: Sequence[str] = (),
    negative_match_type: MatchType = "phrase",
) -> SemKeywords:
    r"""Search-ad keywords: product terms × intent words in each match type.

    Every product term is combined with every intent word (``"buy"``, ``"price"``,
    ``"包邮"``), in the chosen word order, and listed once per match type;
    negatives follow. Terms are joined with a space, except next to a CJK
    character, where no space is written (``"连衣裙" + "包邮"`` gives
    ``"连衣裙包邮"``, ``"iphone" + "壳"`` gives ``"iphone壳"``): Chinese search
    queries carry no spaces. Duplicates (after joining) are dropped.

    Parameters
    ----------
    product_terms : sequence of str
        Product terms. [-]
    intent_words : sequence of str
        Intent or modifier words. [-]
    match_types : sequence of {"exact", "phrase", "broad"}
        Match types to emit; the retired "modified broad" is not offered. [-]
    word_order : {"both", "product_first", "intent_first"}
        Word order of the combinations. [-]
    include_bare : bool
        Also list each product term on its own. [-]
    negatives : sequence of str
        Negative keywords ("free", "二手", "维修"). [-]
    negative_match_type : {"exact", "phrase", "broad"}
        Match type of the negatives. Default phrase. [-]

    Returns
    -------
    SemKeywords
        One row per keyword and match type, negatives last.

    Raises
    ------
    InvalidInputError
        Non-string or blank terms, or an unknown match type or word order.

    References
    ----------
    1. Google Ads Help, "About keyword matching options" (broad, "phrase",
       [exact]) and "Changes to phrase match and broad match modifier" (2021-02-04:
       broad match modifier folded into phrase match, no new BMM keywords from
       July 2021).
    2. advertools ``kw_generate`` (product terms × words, both orders), the
       anchor; it also emits the retired modified broad and joins CJK with
       spaces.

    Examples
    --------
    >>> res = sem_keywords(["连衣裙"], ["包邮"], match_types=["exact"], negatives=["二手"])
    >>> res.formatted.tolist()
    ['[连衣裙]', '[连衣裙包邮]', '[包邮连衣裙]', '"二手"']
    >>> res.criterion.tolist()
    ['Exact', 'Exact', 'Exact', 'Negative Phrase']
    >>> sem_keywords(["yoga mat"], ["buy"], match_types=["phrase"],
    ...              word_order="intent_first", include_bare=False).formatted.tolist()
    ['"buy yoga mat"']
    """
    check_option(word_order, "word_order", WORD_ORDERS)
    include_bare = check_flag(include_bare, "include_bare")
    check_option(negative_match_type, "negative_match_type", MATCH_TYPES)
    if isinstance(match_types, str):
        raise InvalidInputError("match_types must be a sequence of match types, not one string")
    check_texts(match_types, "match_types")  # strings only: a list or None would leak TypeError
    kinds = list(dict.fromkeys(match_types))
    if not kinds:
        raise InvalidInputError("match_types must name at least one match type")
    for kind in kinds:
        check_option(kind, "match_types", MATCH_TYPES)
    prods = _clean(product_terms, "product_terms")
    words = _clean(intent_words, "intent_words")
    negs = _clean(negatives, "negatives")

    combos: list[tuple[str, str, str]] = []
    for p in prods:
        if include_bare:
            combos.append((p, p, ""))
        for w in words:
            if word_order in ("product_first", "both"):
                combos.append((_join(p, w), p, w))
            if word_order in ("intent_first", "both"):
                combos.append((_join(w, p), p, w))
    seen: set[str] = set()
    unique: list[tuple[str, str, str]] = []
    for kw, p, w in combos:
        key = normalize_text(kw)
        if key not in seen:
            seen.add(key)
            unique.append((kw, p, w))
    rows: list[tuple[str, str, str, str, bool, str, str]] = [
        (kw, _format(kw, m), m, _CRITERION[m], False, p, w) for m in kinds for kw, p, w in unique
    ]
    rows.extend(
        (n, _format(n, negative_match_type), negative_match_type,
         "Negative " + _CRITERION[negative_match_type], True, "", "")
        for n in negs
    )  # fmt: skip
    cols = list(zip(*rows, strict=True)) if rows else [()] * 7

    def col(i: int) -> np.ndarray:
        return np.array(cols[i], dtype=object)

    return SemKeywords(
        keyword=col(0),
        formatted=col(1),
        match_type=col(2),
        criterion=col(3),
        negative=np.array(cols[4], dtype=bool),
        product_term=col(5),
        intent_word=col(6),
    )
