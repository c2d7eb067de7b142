r"""Tokenisation and title length measures for ``ecomops.seo`` (private).

Every tokenizer normalises text the same way (Unicode NFKC, then case folding:
full-width ``ＡＢＣ１２３`` reads as ``abc123``, ``ß`` as ``ss``) and then reads it
with one regular expression that has no nested quantifiers, so it runs in time
linear in the length of the text and never raises on odd Unicode.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Protocol, overload, runtime_checkable

import numpy as np

from ecomops._core.typing import (
    LENGTH_UNITS,
    TOKENIZER_ENGINES,
    IntArray,
    LengthUnit,
    TokenizerBackend,
    TokenizerEngine,
)
from ecomops._core.validation import check_flag, check_option, read_only, series_io
from ecomops.exceptions import InvalidInputError

__all__ = [
    "CHINESE_STOPWORDS",
    "ENGLISH_STOPWORDS",
    "LENGTH_UNITS",
    "ChineseTokenizer",
    "LatinTokenizer",
    "LengthUnit",
    "Tokenizer",
    "default_tokenizer",
    "is_cjk_char",
    "normalize_text",
    "title_length",
]

# Scripts written without spaces between words: Han (unified ideographs with every
# extension, compatibility ideographs, radicals, 々 〇 and the Hangzhou numerals),
# hiragana and katakana. Hangul is written with spaces and is read as words.
_CJK_RANGES = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
# Combining marks that Python's ``\w`` leaves out but that belong inside words
# (accents NFKC cannot compose, Indic vowel signs and viramas, Thai marks, Arabic
# and Hebrew points).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f"
)
_WORD_CHAR = f"(?:[^\\W_{_CJK_RANGES}]|[{_MARKS}])"
# A word: word characters, optionally joined by an apostrophe (don't, women's) or by
# a point or comma between two digits (2.5kg, 1,000). Each joiner is one character
# outside the word class, so the pattern cannot backtrack more than one step.
_WORD = f"{_WORD_CHAR}+(?:(?:['’]|(?<=\\d)[.,](?=\\d)){_WORD_CHAR}+)*"
_TOKEN_RE = re.compile(f"([{_CJK_RANGES}]+)|({_WORD})")
_CJK_RE = re.compile(f"[{_CJK_RANGES}]")
# A run: every word character (CJK included), with the same joiners. Tokens never
# straddle runs, so the text is scanned for runs first (fast) and only runs that are
# not plain ASCII words are read again with the full token pattern.
_RUN_CHAR = f"[\\w{_MARKS}{_CJK_RANGES}]"
_RUN_RE = re.compile(f"{_RUN_CHAR}+(?:(?:['’]|(?<=\\d)[.,](?=\\d)){_RUN_CHAR}+)*")
# A block handed to jieba: word characters and CJK characters without a separator.
_BLOCK_RE = re.compile(f"(?:[{_CJK_RANGES}]|{_WORD_CHAR})+")

#: English stopwords: articles, conjunctions, prepositions, pronouns and auxiliaries
#: that carry no product meaning (a short list in the spirit of the SMART and
#: Lucene ``EnglishAnalyzer`` lists; product words such as "top" or "new" are kept).
ENGLISH_STOPWORDS: frozenset[str] = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "there", "these", "they",
    "this", "to", "was", "were", "which", "will", "with",
))  # fmt: skip
#: Chinese stopwords: structural particles, conjunctions and prepositions that are
#: single words in every segmentation (的 了 和 与 及 或 之 在 是 等 把 被 从 对).
CHINESE_STOPWORDS: frozenset[str] = frozenset((
    "的", "了", "和", "与", "及", "或", "之", "在", "是", "等", "把", "被", "从", "对", "着", "吗",
    "呢", "吧",
))  # fmt: skip


def normalize_text(text: str) -> str:
    """Unicode NFKC normalisation followed by case folding.

    Full-width Latin letters and digits become ASCII, compatibility ideographs
    become unified ideographs, ``"ß"`` folds to ``"ss"``.

    Parameters
    ----------
    text : str
        Any text. [-]

    Returns
    -------
    str
        The normalised text.

    Raises
    ------
    InvalidInputError
        If ``text`` is not a string.

    References
    ----------
    1. Unicode Standard Annex #15, *Unicode Normalization Forms* (NFKC), and
       the Unicode Standard §5.18, case folding (``CaseFolding.txt``).

    Examples
    --------
    >>> normalize_text("ＡＢＣ１２３ Straße")
    'abc123 strasse'
    """
    check_text(text, "text")
    return unicodedata.normalize("NFKC", text).casefold()


def is_cjk_char(char: str) -> bool:
    """Whether ``char`` belongs to a script written without spaces (Han, kana).

    References
    ----------
    1. The Unicode Standard, ch. 18 (East Asia): Han, Hiragana, Katakana.

    Examples
    --------
    >>> is_cjk_char("茶"), is_cjk_char("カ"), is_cjk_char("a"), is_cjk_char("한")
    (True, True, False, False)
    """
    return _CJK_RE.match(char) is not None


def _scan(norm: str) -> Iterator[tuple[bool, str]]:
    """``(is_cjk_run, text)`` for every token candidate of normalised text, in order."""
    for match in _RUN_RE.finditer(norm):
        run = match.group()
        if run.isascii() and "_" not in run:
            yield False, run
            continue
        for sub in _TOKEN_RE.finditer(run):
            yield sub.group(1) is not None, sub.group()


def _ngrams(run: str, n: int) -> list[str]:
    if len(run) <= n:
        return [run]
    return [run[i : i + n] for i in range(len(run) - n + 1)]


@runtime_checkable
class Tokenizer(Protocol):
    """Anything with a ``tokenize(text) -> list[str]`` method.

    A tokenizer must be total (any ``str`` gives a list, possibly empty) and deterministic.
    [`LatinTokenizer`][ecomops.seo.LatinTokenizer] and
    [`ChineseTokenizer`][ecomops.seo.ChineseTokenizer] are the built-in ones; any object with this
    method works, for example a wrapper around a language-specific analyser.

    References
    ----------
    1. PEP 544, *Protocols: structural subtyping (static duck typing)*.

    Examples
    --------
    >>> class Whitespace:
    ...     def tokenize(self, text: str) -> list[str]:
    ...         return text.lower().split()
    >>> isinstance(Whitespace(), Tokenizer)
    True
    """

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, in order."""
        ...


@dataclasses.dataclass(frozen=True, slots=True)
class LatinTokenizer:
    r"""Unicode word tokenizer with case folding, stopwords and a stemming hook.

    Text is normalised (NFKC, case folding) and split into words: maximal runs of
    letters, digits and combining marks of any script, joined across an
    apostrophe (``don't``) or a decimal point between digits (``2.5kg``). Runs of
    Han or kana characters, which are written without spaces, become overlapping character n-grams
    (bigrams by default; a run shorter than ``cjk_ngram`` is one token), the fallback of
    [`ChineseTokenizer`][ecomops.seo.ChineseTokenizer]. Stopwords are dropped after normalisation
    and before stemming.

    Parameters
    ----------
    stopwords : iterable of str
        Words to drop, compared after normalisation. Default
        `ENGLISH_STOPWORDS`; pass ``()`` to keep every word. [-]
    stemmer : callable, optional
        ``str -> str`` applied to each kept Latin word (for example
        ``snowballstemmer.stemmer("english").stemWord``). [-]
    min_chars : int
        Shortest word kept, in characters, ``>= 1``. [chars]
    cjk_ngram : int
        Character n-gram length for Han and kana runs, ``>= 1``. [chars]

    Notes
    -----
    The pattern has no nested quantifiers, so tokenisation is linear in the
    length of the text. Thai, Lao, Khmer and Myanmar, also written without
    spaces, are kept as whole runs (no dictionary is bundled for them).

    References
    ----------
    1. Unicode Standard Annex #29, *Unicode Text Segmentation* (word
       boundaries).
    2. Nie, J.-Y., Gao, J., Zhang, J. and Zhou, M. (2000), "On the use of
       words and n-grams for Chinese information retrieval", IRAL 2000,
       doi:10.1145/355214.355235 (overlapping bigrams as Chinese index terms).

    Examples
    --------
    >>> tok = LatinTokenizer()
    >>> tok.tokenize("Women's ＳＵＭＭＥＲ Dress, 2.5kg — for the beach!")
    ["women's", 'summer', 'dress', '2.5kg', 'beach']
    >>> tok.tokenize("iPhone 15 手机壳")
    ['iphone', '15', '手机', '机壳']
    >>> LatinTokenizer(stemmer=lambda w: w.removesuffix("s")).tokenize("yoga mats")
    ['yoga', 'mat']
    """

    stopwords: frozenset[str] = ENGLISH_STOPWORDS
    stemmer: Callable[[str], str] | None = None
    min_chars: int = 1
    cjk_ngram: int = 2

    def __post_init__(self) -> None:
        given: Any = self.stopwords
        if isinstance(given, str):
            raise InvalidInputError("stopwords must be an iterable of words, not one string")
        words = frozenset(normalize_text(w) for w in self.stopwords)
        object.__setattr__(self, "stopwords", words)
        for name in ("min_chars", "cjk_ngram"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidInputError(f"{name} must be an integer >= 1; got {value!r}")
        if self.stemmer is not None and not callable(self.stemmer):
            raise InvalidInputError("stemmer must be a callable str -> str or None")

    def _word(self, word: str, out: list[str]) -> None:
        if len(word) < self.min_chars or word in self.stopwords:
            return
        if self.stemmer is not None:
            word = self.stemmer(word)
            if not word:
                return
        out.append(word)

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, in order (see the class docstring)."""
        out: list[str] = []
        stop = self.stopwords
        plain = self.stemmer is None and self.min_chars == 1
        for cjk, piece in _scan(normalize_text(text)):
            if cjk:
                out.extend(t for t in _ngrams(piece, self.cjk_ngram) if t not in stop)
            elif plain:
                if piece not in stop:
                    out.append(piece)
            else:
                self._word(piece, out)
        return out


def default_tokenizer() -> LatinTokenizer:
    """The tokenizer every function uses when given ``tokenizer=None``.

    [`LatinTokenizer`][ecomops.seo.LatinTokenizer] with English stopwords and Han/kana character
    bigrams: deterministic whether or not jieba is installed. Pass a
    [`ChineseTokenizer`][ecomops.seo.ChineseTokenizer] with your brand and product words to segment
    Chinese into words.

    References
    ----------
    1. See [`LatinTokenizer`][ecomops.seo.LatinTokenizer].

    Examples
    --------
    >>> default_tokenizer().tokenize("蓝牙耳机 for Students")
    ['蓝牙', '牙耳', '耳机', 'students']
    """
    return LatinTokenizer()


@functools.cache
def _jieba_base_dictionary() -> tuple[Mapping[str, int], int]:
    """jieba's bundled dictionary, parsed once in memory and read-only.

    Parsing ``dict.txt`` (350k words) takes about a second; the parsed prefix
    dictionary is a constant, so it is kept (read-only) and copied into each
    tokenizer. Nothing is written to disk: jieba's own ``initialize`` (which
    dumps a marshal cache to the temp directory) is never called.
    """
    jieba: Any = importlib.import_module("jieba")
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.get_module_res(jieba.DEFAULT_DICT_NAME))
    return MappingProxyType(freq), int(total)


def _jieba_available() -> bool:
    try:
        importlib.import_module("jieba")
    except ImportError:
        return False
    return True


class ChineseTokenizer:
    r"""Chinese word segmentation with the caller's dictionary, jieba-backed.

    Each instance owns a private ``jieba.Tokenizer`` built in memory from
    jieba's bundled dictionary plus ``user_words`` (brand and product terms
    such as ``"三只松鼠"`` or ``"全网通"``, which jieba splits without them). No
    global state is touched (``jieba.dt`` and ``jieba.add_word`` are not used)
    and no cache file is written anywhere. Latin words inside Chinese text go
    through ``latin_tokenizer`` (case folding, stopwords, stemming).

    Without the optional ``jieba`` package (``pip install "ecomops[zh]"``),
    ``engine="auto"`` falls back to overlapping character n-grams, the
    behaviour of [`LatinTokenizer`][ecomops.seo.LatinTokenizer]; `engine` tells which one runs.

    Parameters
    ----------
    user_words : iterable of str, or mapping of str to int
        Words to keep whole, optionally with a jieba frequency (higher wins
        ambiguous splits); without one, jieba's ``suggest_freq`` picks the
        lowest frequency that keeps the word whole. Words are normalised like
        text (NFKC, case folding) and must not contain spaces. [-]
    engine : {"auto", "jieba", "ngram"}
        ``"jieba"`` requires jieba; ``"auto"`` uses it when installed. [-]
    hmm : bool
        Let jieba's hidden Markov model join characters missing from the
        dictionary into new words (jieba's default). [-]
    stopwords : iterable of str
        Chinese words to drop; default `CHINESE_STOPWORDS`. [-]
    latin_tokenizer : LatinTokenizer, optional
        Tokenizer for the Latin words; default ``LatinTokenizer()``. [-]
    cjk_ngram : int
        Character n-gram length of the fallback engine for Han and kana runs,
        ``>= 1`` (as in [`LatinTokenizer`][ecomops.seo.LatinTokenizer]). [chars]

    Attributes
    ----------
    engine : {"jieba", "ngram"}
        The engine in use.

    Raises
    ------
    ImportError
        ``engine="jieba"`` without jieba installed.
    InvalidInputError
        A user word that is empty, not a string or contains whitespace.

    Notes
    -----
    jieba finds the most probable path through a prefix-dictionary DAG (a
    unigram language model) and, with ``hmm=True``, labels out-of-vocabulary
    runs with a 4-tag (BMES) HMM by Viterbi; both are linear in the text
    length. Build the tokenizer once and reuse it: the first one in a process
    parses jieba's dictionary (about a second), later ones copy it.

    References
    ----------
    1. Sun, J. (2012-2020), *jieba: Chinese text segmentation*, version
       0.42.1, https://github.com/fxsjy/jieba (dictionary DAG + HMM).
    2. Nie, J.-Y., Gao, J., Zhang, J. and Zhou, M. (2000), "On the use of
       words and n-grams for Chinese information retrieval", IRAL 2000,
       doi:10.1145/355214.355235 (the n-gram fallback).

    Examples
    --------
    >>> tok = ChineseTokenizer(["三只松鼠", "全网通"], engine="ngram")
    >>> tok.engine
    'ngram'
    >>> tok.tokenize("三只松鼠 坚果")
    ['三只', '只松', '松鼠', '坚果']
    >>> ChineseTokenizer(engine="ngram").tokenize("iPhone15 的 手机壳")
    ['iphone15', '手机', '机壳']
    """

    __slots__ = (
        "_jieba",
        "cjk_ngram",
        "engine",
        "hmm",
        "latin_tokenizer",
        "stopwords",
        "user_words",
    )

    engine: TokenizerBackend

    def __init__(
        self,
        user_words: Iterable[str] | Mapping[str, int] = (),
        *,
        engine: TokenizerEngine = "auto",
        hmm: bool = True,
        stopwords: Iterable[str] = CHINESE_STOPWORDS,
        latin_tokenizer: LatinTokenizer | None = None,
        cjk_ngram: int = 2,
    ) -> None:
        check_option(engine, "engine", TOKENIZER_ENGINES)
        if isinstance(user_words, str) or isinstance(stopwords, str):
            raise InvalidInputError("user_words and stopwords must be iterables of words")
        words: dict[str, int | None] = {}
        items: Iterable[tuple[Any, Any]] = (
            user_words.items()
            if isinstance(user_words, Mapping)
            else ((w, None) for w in user_words)
        )
        for i, (word, freq) in enumerate(items):
            if not isinstance(word, str) or not word.strip():
                raise InvalidInputError(
                    f"user_words must be non-empty strings; got {word!r} at index {i}"
                )
            norm = normalize_text(word.strip())
            if any(c.isspace() for c in norm):
                raise InvalidInputError(
                    f"user_words must not contain whitespace; got {word!r} at index {i}"
                )
            if freq is not None and (
                isinstance(freq, bool) or not isinstance(freq, int | np.integer) or freq < 1
            ):
                raise InvalidInputError(
                    f"user_words frequencies must be integers >= 1; got {freq!r} for {word!r}"
                )
            words[norm] = None if freq is None else int(freq)
        if isinstance(cjk_ngram, bool) or not isinstance(cjk_ngram, int) or cjk_ngram < 1:
            raise InvalidInputError(f"cjk_ngram must be an integer >= 1; got {cjk_ngram!r}")
        self.user_words: tuple[str, ...] = tuple(words)
        self.hmm = check_flag(hmm, "hmm")
        self.stopwords = frozenset(normalize_text(w) for w in stopwords)
        self.latin_tokenizer = LatinTokenizer() if latin_tokenizer is None else latin_tokenizer
        if not isinstance(self.latin_tokenizer, LatinTokenizer):
            raise InvalidInputError("latin_tokenizer must be a LatinTokenizer")
        self.cjk_ngram = cjk_ngram
        use_jieba = engine == "jieba" or (engine == "auto" and _jieba_available())
        if engine == "jieba" and not _jieba_available():
            raise ImportError(
                'engine="jieba" needs the jieba package: pip install "ecomops[zh]" (or jieba)'
            )
        self._jieba: Any = None
        self.engine = "jieba" if use_jieba else "ngram"
        if use_jieba:
            self._jieba = self._build_jieba(words)

    @staticmethod
    def _build_jieba(words: Mapping[str, int | None]) -> Any:
        jieba: Any = importlib.import_module("jieba")
        shared, total = _jieba_base_dictionary()
        base = dict(shared)
        tk = jieba.Tokenizer()
        # Mark the instance initialised with an in-memory dictionary: jieba's
        # initialize() (which reads and writes a cache file) never runs. The cache
        # location is pointed at a file that cannot be created, as a second guard.
        tk.FREQ, tk.total, tk.initialized = base, total, True
        tk.tmp_dir, tk.cache_file = "/nonexistent-ecomops-no-cache", "never-written"
        for word, freq in words.items():
            # add_word(freq=None) asks suggest_freq for the lowest frequency that
            # keeps the word whole; freq 0 (which would touch jieba's global HMM
            # force-split set) is refused above.
            tk.add_word(word, freq)
        return tk

    def __repr__(self) -> str:
        return (
            f"ChineseTokenizer(engine={self.engine!r}, user_words={len(self.user_words)}, "
            f"hmm={self.hmm})"
        )

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, in order (see the class docstring)."""
        norm = normalize_text(text)
        out: list[str] = []
        if self._jieba is None:
            for cjk, piece in _scan(norm):
                if cjk:
                    out.extend(t for t in _ngrams(piece, self.cjk_ngram) if t not in self.stopwords)
                else:
                    self.latin_tokenizer._word(piece, out)
            return out
        for block in _BLOCK_RE.finditer(norm):
            chunk = block.group()
            if _CJK_RE.search(chunk) is None:
                for match in _TOKEN_RE.finditer(chunk):
                    self.latin_tokenizer._word(match.group(), out)
                continue
            for piece in self._jieba.cut(chunk, HMM=self.hmm):
                if _CJK_RE.search(piece) is not None:
                    if piece not in self.stopwords:
                        out.append(piece)
                else:  # Latin or digits inside Chinese text, or a lone mark/symbol
                    for match in _TOKEN_RE.finditer(piece):
                        self.latin_tokenizer._word(match.group(), out)
        return out


def resolve_tokenizer(tokenizer: Tokenizer | None) -> Tokenizer:
    """``tokenizer``, or ``default_tokenizer()`` for None; refuse other objects."""
    if tokenizer is None:
        return default_tokenizer()
    if not callable(getattr(tokenizer, "tokenize", None)):
        raise InvalidInputError(
            f"tokenizer must have a tokenize(text) method; got {type(tokenizer).__name__}"
        )
    return tokenizer


def as_sequence(values: Any, name: str, what: str = "strings") -> list[Any]:
    """A 1-D sequence (list, tuple, array, column) as a list; one string is refused."""
    if isinstance(values, str):
        raise InvalidInputError(f"{name} must be a sequence of strings, not one string")
    if isinstance(values, Mapping) or type(values).__name__ == "DataFrame":
        # iterating would give the keys or the column names, not the values
        raise InvalidInputError(
            f"{name} must be a sequence of {what} (a list or one column); "
            f"got a {type(values).__name__}"
        )
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise InvalidInputError(f"{name} must be 1-dimensional; got shape {values.shape}")
        values = values.tolist()
    try:
        return list(values)
    except TypeError:
        raise InvalidInputError(
            f"{name} must be a sequence of {what}; got {type(values).__name__}"
        ) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def check_text(value: Any, name: str) -> str:
    """One string, refusing a non-string and a lone surrogate by name.

    A lone surrogate (``"\\ud800"``, left by a bad decode or a split emoji) is
    no character: it has no width, no GBK bytes and no UTF-8 form, so every
    length and encoding rule would otherwise fail with ``UnicodeEncodeError``.
    """
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a string; got {type(value).__name__}")
    found = _SURROGATE.search(value) if not value.isascii() else None
    if found is not None:
        raise InvalidInputError(
            f"{name} must be valid Unicode text; got a lone surrogate "
            f"{found.group()!r} at position {found.start()}"
        )
    return value


def check_texts(values: Any, name: str) -> list[str]:
    """A 1-D sequence of strings as a list, naming the first non-string or lone surrogate."""
    items = as_sequence(values, name)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InvalidInputError(
                f"{name} must contain only strings; first non-string at index {i}: {item!r}"
            )
        if _has_surrogate(item):
            check_text(item, f"{name}[{i}]")
    return items


# ---------------------------------------------------------------------------
# Title length
# ---------------------------------------------------------------------------


@functools.cache
def _width_table() -> np.ndarray:
    """Display width of every code point below U+40000 (a constant, built once)."""
    width = np.ones(0x40000, dtype=np.int8)
    for cp in range(0x40000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me", "Cf") or 0x1160 <= cp <= 0x11FF:
            width[cp] = 0  # combining marks, joiners, variation selectors, Hangul jamo
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            width[cp] = 2
    width[0x200B] = 0  # zero width space (category Cf already; kept explicit)
    return read_only(width)


def _length_one(text: str, length_unit: str) -> int:
    if length_unit == "chars":
        return len(text)
    if length_unit == "gbk_bytes":
        return len(text.encode("gb18030"))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    table = _width_table()
    inside = codes < table.shape[0]
    return int(table[codes[inside]].sum(dtype=np.int64)) + int(np.count_nonzero(~inside))


@overload
def title_length(text: str, *, length_unit: LengthUnit = ...) -> int: ...  # type: ignore[overload-overlap]
@overload
def title_length(
    text: Sequence[str] | np.ndarray, *, length_unit: LengthUnit = ...
) -> IntArray: ...
@series_io
def title_length(
    text: str | Sequence[str] | np.ndarray, *, length_unit: LengthUnit = "chars"
) -> int | IntArray:
    r"""Length of a title in the length unit a platform counts.

    =============  ===========================================================
    length_unit    counts
    =============  ===========================================================
    ``chars``      Unicode code points as given (no normalisation): Amazon,
                   Google titles. An emoji built with joiners counts every
                   code point.
    ``gbk_bytes``  bytes in GBK: ASCII 1, a GBK double-byte character (Han,
                   full-width punctuation) 2. Characters outside GBK (emoji,
                   rare ideographs of the CJK extensions) count 4, the length
                   of their GB18030 four-byte form, which is the GBK superset:
                   the count is ``len(text.encode("gb18030"))``. Taobao and
                   Tmall titles (30 Han characters = 60 bytes).
    ``width``      display columns (Unicode East Asian Width): wide and
                   full-width characters 2, combining marks, joiners and
                   variation selectors 0, everything else 1: search-ad
                   headlines, where a CJK character counts 2.
    =============  ===========================================================

    Parameters
    ----------
    text : str or sequence of str
        Title(s). [-]
    length_unit : {"chars", "gbk_bytes", "width"}
        What to count. [-]

    Returns
    -------
    int, ndarray of int64 or Series
        The length, per title. [length_unit]
        A pandas or polars Series on the input's index when an input is a Series.

    Raises
    ------
    InvalidInputError
        If ``text`` is not a string (or a sequence of strings), or
        ``length_unit`` is unknown.

    References
    ----------
    1. GB 18030-2005, *Information technology: Chinese coded character set*
       (GBK is its one- and two-byte subset).
    2. Unicode Standard Annex #11, *East Asian Width*.

    Examples
    --------
    >>> title = "Apple/苹果 iPhone 15 全网通手机"
    >>> [title_length(title, length_unit=u) for u in ("chars", "gbk_bytes", "width")]
    [24, 31, 31]
    >>> title_length("新款😀", length_unit="gbk_bytes")
    8
    >>> title_length(["连衣裙", "dress"], length_unit="gbk_bytes")
    array([6, 5])
    """
    check_option(length_unit, "length_unit", LENGTH_UNITS)
    if isinstance(text, str):
        return _length_one(check_text(text, "text"), length_unit)
    texts = check_texts(text, "text")
    lengths = (_length_one(t, length_unit) for t in texts)
    return np.fromiter(lengths, dtype=np.int64, count=len(texts))
