"""Tests of SEO tokenisation and title length units (ecomops.seo)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops._seo import text as _seo_text
from ecomops.exceptions import InvalidInputError
from ecomops.seo import (
    CHINESE_STOPWORDS,
    ENGLISH_STOPWORDS,
    ChineseTokenizer,
    LatinTokenizer,
    Tokenizer,
    default_tokenizer,
    normalize_text,
    title_length,
)

#: Any Unicode text, surrogates excluded (Python str cannot be encoded with them).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


def _check_tokens(tokens: list[str]) -> None:
    assert isinstance(tokens, list)
    for t in tokens:
        assert isinstance(t, str)
        assert t
        assert not any(c.isspace() for c in t)


# --------------------------------------------------------------------------- Latin


class TestLatinTokenizer:
    def test_words_case_folding_and_stopwords(self) -> None:
        tok = LatinTokenizer()
        text = "Women's ＳＵＭＭＥＲ Dress, 2.5kg — for the beach! Straße"
        assert tok.tokenize(text) == ["women's", "summer", "dress", "2.5kg", "beach", "strasse"]

    def test_digits_joined_only_between_digits(self) -> None:
        assert LatinTokenizer().tokenize("1,000 mAh. end.") == ["1,000", "mah", "end"]

    def test_hyphen_and_underscore_split(self) -> None:
        assert LatinTokenizer().tokenize("t-shirt usb_c") == ["t", "shirt", "usb", "c"]

    def test_cjk_runs_become_bigrams(self) -> None:
        # Nie et al. (2000): overlapping bigrams; a one-character run stays a unigram
        assert LatinTokenizer().tokenize("iPhone 15 手机壳 女") == [
            "iphone",
            "15",
            "手机",
            "机壳",
            "女",
        ]
        assert LatinTokenizer(cjk_ngram=1).tokenize("茶具") == ["茶", "具"]

    def test_kana_segmented_hangul_kept_as_words(self) -> None:
        assert LatinTokenizer().tokenize("カタカナ 한국어") == ["カタ", "タカ", "カナ", "한국어"]

    def test_combining_marks_stay_inside_words(self) -> None:
        # decomposed e + acute that NFKC composes, and a Devanagari word with a virama
        assert LatinTokenizer().tokenize("cafe\u0301 हिन्दी") == ["café", "हिन्दी"]

    def test_stemmer_hook_and_min_chars(self) -> None:
        tok = LatinTokenizer(stemmer=lambda w: w.removesuffix("s"), min_chars=2)
        assert tok.tokenize("yoga mats x 2 packs") == ["yoga", "mat", "pack"]

    def test_no_stopwords(self) -> None:
        assert LatinTokenizer(stopwords=()).tokenize("for the win") == ["for", "the", "win"]

    def test_stopword_lists(self) -> None:
        assert "for" in ENGLISH_STOPWORDS
        assert "new" not in ENGLISH_STOPWORDS
        assert "的" in CHINESE_STOPWORDS

    def test_bad_parameters(self) -> None:
        with pytest.raises(InvalidInputError, match="min_chars must be an integer >= 1"):
            LatinTokenizer(min_chars=0)
        with pytest.raises(InvalidInputError, match="stopwords must be an iterable"):
            LatinTokenizer(stopwords="the")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="stemmer must be a callable"):
            LatinTokenizer(stemmer="porter")  # type: ignore[arg-type]

    def test_text_must_be_a_string(self) -> None:
        with pytest.raises(InvalidInputError, match="text must be a string; got bytes"):
            LatinTokenizer().tokenize(b"abc")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="text must be a string; got NoneType"):
            normalize_text(None)  # type: ignore[arg-type]

    def test_protocol(self) -> None:
        assert isinstance(LatinTokenizer(), Tokenizer)
        assert isinstance(ChineseTokenizer(engine="ngram"), Tokenizer)
        assert default_tokenizer() == LatinTokenizer()

    @given(any_text)
    def test_total_on_arbitrary_unicode(self, text: str) -> None:
        _check_tokens(LatinTokenizer().tokenize(text))

    @given(any_text)
    def test_normalisation_is_idempotent_for_tokens(self, text: str) -> None:
        tok = LatinTokenizer(stopwords=())
        assert tok.tokenize(normalize_text(text)) == tok.tokenize(text)

    @given(any_text)
    def test_fast_scan_equals_full_pattern(self, text: str) -> None:
        # the ASCII fast path reads runs; it must find exactly the tokens of the full pattern
        norm = normalize_text(text)
        full = [(m.group(1) is not None, m.group()) for m in _seo_text._TOKEN_RE.finditer(norm)]
        assert list(_seo_text._scan(norm)) == full

    def test_long_adversarial_input_finishes(self) -> None:
        # inputs that make backtracking patterns explode: long joiner chains, no match end
        tok = LatinTokenizer()
        assert tok.tokenize("a'" * 50_000) == ["a'" * 49_999 + "a"]
        assert len(tok.tokenize("1." * 50_000 + "!")) == 1
        assert len(tok.tokenize("茶" * 100_000)) == 99_999


# --------------------------------------------------------------------------- Chinese


class TestChineseTokenizerNgram:
    def test_ngram_engine(self) -> None:
        tok = ChineseTokenizer(["三只松鼠"], engine="ngram")
        assert tok.engine == "ngram"
        assert tok.tokenize("三只松鼠 坚果 的 iPhone15") == [
            "三只",
            "只松",
            "松鼠",
            "坚果",
            "iphone15",
        ]
        assert tok.user_words == ("三只松鼠",)

    def test_trigram_fallback(self) -> None:
        assert ChineseTokenizer(engine="ngram", cjk_ngram=3).tokenize("连衣裙女") == [
            "连衣裙",
            "衣裙女",
        ]

    def test_auto_without_jieba_falls_back(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_seo_text, "_jieba_available", lambda: False)
        tok = ChineseTokenizer(["全网通"])
        assert tok.engine == "ngram"
        assert tok.tokenize("全网通手机") == ["全网", "网通", "通手", "手机"]
        with pytest.raises(ImportError, match="pip install"):
            ChineseTokenizer(engine="jieba")

    def test_bad_user_words(self) -> None:
        with pytest.raises(InvalidInputError, match="must not contain whitespace"):
            ChineseTokenizer(["三只 松鼠"], engine="ngram")
        with pytest.raises(InvalidInputError, match="non-empty strings; got '' at index 1"):
            ChineseTokenizer(["全网通", ""], engine="ngram")
        with pytest.raises(InvalidInputError, match="iterables of words"):
            ChineseTokenizer("全网通", engine="ngram")
        with pytest.raises(InvalidInputError, match="frequencies must be integers >= 1"):
            ChineseTokenizer({"全网通": 0}, engine="ngram")
        with pytest.raises(InvalidInputError, match="engine must be one of"):
            ChineseTokenizer(engine="pkuseg")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="cjk_ngram must be an integer"):
            ChineseTokenizer(engine="ngram", cjk_ngram=0)

    @given(any_text)
    def test_total_on_arbitrary_unicode(self, text: str) -> None:
        _check_tokens(ChineseTokenizer(engine="ngram").tokenize(text))


@pytest.fixture(scope="module")
def jieba_tokenizers() -> tuple[ChineseTokenizer, ChineseTokenizer]:
    pytest.importorskip("jieba")
    plain = ChineseTokenizer(engine="jieba")
    shop = ChineseTokenizer(["三只松鼠", "全网通", "T恤"], engine="jieba")
    return plain, shop


class TestChineseTokenizerJieba:
    @pytest.mark.parametrize(
        ("title", "without_dict", "with_dict"),
        # jieba 0.42.1, Tokenizer with the bundled dict.txt, HMM=True
        [
            ("华为全网通手机", ["华为", "全", "网通", "手机"], ["华为", "全网通", "手机"]),
            ("三只松鼠坚果大礼包", ["三只", "松鼠", "坚果", "大礼包"], ["三只松鼠", "坚果", "大礼包"]),
            ("T恤男纯棉", ["t", "恤", "男", "纯棉"], ["t恤", "男", "纯棉"]),
            ("夏季连衣裙女韩版", ["夏季", "连衣裙", "女", "韩版"], ["夏季", "连衣裙", "女", "韩版"]),
        ],
    )  # fmt: skip
    def test_segmentation_with_and_without_user_dictionary(
        self,
        jieba_tokenizers: tuple[ChineseTokenizer, ChineseTokenizer],
        title: str,
        without_dict: list[str],
        with_dict: list[str],
    ) -> None:
        plain, shop = jieba_tokenizers
        assert plain.tokenize(title) == without_dict
        assert shop.tokenize(title) == with_dict

    def test_latin_and_stopwords_inside_chinese(
        self, jieba_tokenizers: tuple[ChineseTokenizer, ChineseTokenizer]
    ) -> None:
        _, shop = jieba_tokenizers
        assert shop.tokenize("iPhone15 的 手机壳 for Women") == ["iphone15", "手机", "壳", "women"]

    def test_private_instances_and_no_global_state(
        self, jieba_tokenizers: tuple[ChineseTokenizer, ChineseTokenizer]
    ) -> None:
        import jieba

        plain, shop = jieba_tokenizers
        assert plain._jieba is not shop._jieba
        assert "三只松鼠" in shop._jieba.FREQ
        assert "三只松鼠" not in plain._jieba.FREQ
        assert not jieba.dt.initialized  # jieba's global tokenizer was never loaded
        assert "三只松鼠" not in jieba.dt.FREQ

    def test_no_cache_file_written(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        pytest.importorskip("jieba")
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("a temporary file was created")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        _seo_text._jieba_base_dictionary.cache_clear()
        before = set(os.listdir(tmp_path))
        tok = ChineseTokenizer({"三只松鼠": 50_000}, engine="jieba")
        assert tok.tokenize("三只松鼠坚果") == ["三只松鼠", "坚果"]
        assert set(os.listdir(tmp_path)) == before == set()

    def test_user_word_frequency(self) -> None:
        pytest.importorskip("jieba")
        tok = ChineseTokenizer({"大礼包": 10, "坚果大礼": 1_000_000}, engine="jieba", hmm=False)
        assert tok.tokenize("坚果大礼包") == ["坚果大礼", "包"]

    @given(any_text)
    def test_total_on_arbitrary_unicode(self, text: str) -> None:
        pytest.importorskip("jieba")
        tok = _jieba_for_hypothesis()
        _check_tokens(tok.tokenize(text))

    def test_long_input_finishes(self) -> None:
        pytest.importorskip("jieba")
        tok = _jieba_for_hypothesis()
        assert len(tok.tokenize("哈" * 50_000)) > 0
        assert len(tok.tokenize("连衣裙a1" * 10_000)) == 20_000


_JIEBA_CACHE: list[ChineseTokenizer] = []


def _jieba_for_hypothesis() -> ChineseTokenizer:
    if not _JIEBA_CACHE:
        _JIEBA_CACHE.append(ChineseTokenizer(["全网通"], engine="jieba"))
    return _JIEBA_CACHE[0]


# --------------------------------------------------------------------------- lengths


class TestTitleLength:
    @pytest.mark.parametrize(
        ("title", "chars", "gbk", "width"),
        # GBK: ASCII 1 byte, Han and full-width punctuation 2 (GB 18030-2005 two-byte
        # area); emoji outside GBK 4 (GB18030 four-byte). Width: UAX #11 W/F = 2.
        [
            ("Apple/苹果 iPhone 15 全网通手机", 24, 31, 31),
            ("三只松鼠 坚果大礼包 1.5kg", 16, 25, 25),
            ("【包邮】连衣裙", 7, 14, 14),
            ("新款😀", 3, 8, 6),
            ("ＡＢＣ", 3, 6, 6),
            ("cafe\u0301", 5, 8, 4),  # U+0301 is outside GBK: 4
            ("", 0, 0, 0),
        ],
    )  # fmt: skip
    def test_reference_lengths(self, title: str, chars: int, gbk: int, width: int) -> None:
        assert title_length(title) == chars
        assert title_length(title, length_unit="gbk_bytes") == gbk
        assert title_length(title, length_unit="width") == width

    def test_vectorised_equals_scalar(self) -> None:
        titles = ["连衣裙", "dress", "新款😀", ""]
        for unit in ("chars", "gbk_bytes", "width"):
            out = title_length(titles, length_unit=unit)
            assert out.dtype == np.int64
            assert out.tolist() == [title_length(t, length_unit=unit) for t in titles]

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="length_unit must be one of"):
            title_length("abc", length_unit="bytes")  # type: ignore[call-overload]
        with pytest.raises(InvalidInputError, match="first non-string at index 1: 3"):
            title_length(["a", 3])  # type: ignore[list-item]
        with pytest.raises(InvalidInputError, match="must be a sequence of strings"):
            title_length(7)  # type: ignore[call-overload]

    @given(any_text)
    def test_units_are_additive_and_bounded(self, text: str) -> None:
        gbk = title_length(text, length_unit="gbk_bytes")
        width = title_length(text, length_unit="width")
        assert len(text) <= gbk <= 4 * len(text)
        assert 0 <= width <= 2 * len(text)
        half = len(text) // 2
        a, b = text[:half], text[half:]
        for unit in ("chars", "gbk_bytes", "width"):
            assert title_length(text, length_unit=unit) == title_length(
                a, length_unit=unit
            ) + title_length(b, length_unit=unit)
