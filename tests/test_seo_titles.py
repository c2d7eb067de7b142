"""Tests of listing rules, title building and SEM keyword generation (ecomops.seo)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from ecomops.exceptions import InfeasibleProblemError, InvalidInputError
from ecomops.seo import (
    MATCH_TYPES,
    PLATFORM_RULES,
    BuiltTitle,
    ChineseTokenizer,
    LatinTokenizer,
    TitleRules,
    build_title,
    check_title,
    sem_keywords,
    title_length,
    title_rules,
)

# --------------------------------------------------------------------------- rules


class TestRules:
    def test_packs_have_dates_and_sources(self) -> None:
        assert set(PLATFORM_RULES) == {
            "taobao", "amazon", "google", "search_ad_headline", "search_ad_description",
        }  # fmt: skip
        for name, rules in PLATFORM_RULES.items():
            assert rules.platform == name
            assert isinstance(rules.as_of, datetime.date)
            assert len(rules.source) > 40

    @pytest.mark.parametrize(
        ("platform", "length_unit", "limit"),
        # Taobao publishing form: 30 Han = 60 characters; Amazon Seller Central 2025-01-21:
        # 200 characters; Google Ads RSA headline 30, description 90 (double width = 2)
        [("taobao", "gbk_bytes", 60), ("amazon", "chars", 200), ("google", "chars", 60),
         ("search_ad_headline", "width", 30), ("search_ad_description", "width", 90)],
    )  # fmt: skip
    def test_limits(self, platform: str, length_unit: str, limit: int) -> None:
        rules = title_rules(platform)
        assert (rules.length_unit, rules.max_length) == (length_unit, limit)
        assert title_rules(rules) is rules

    def test_amazon_pack(self) -> None:
        amazon = title_rules("amazon")
        assert amazon.as_of == datetime.date(2025, 1, 21)
        assert set(amazon.banned_characters) == set("!$?_{}^¬¦")
        assert amazon.max_word_repeats == 2
        assert "free shipping" in amazon.banned_words

    def test_unknown_platform(self) -> None:
        with pytest.raises(InvalidInputError, match="rules must be a TitleRules or one of"):
            title_rules("ebay")
        with pytest.raises(InvalidInputError, match="got 'Taobao'"):
            check_title("x", "Taobao")

    def test_custom_rules_validated(self) -> None:
        with pytest.raises(ValidationError):
            TitleRules(platform="x", length_unit="bytes", max_length=10, as_of="2026-01-01",
                       source="s")  # type: ignore[arg-type]  # fmt: skip
        with pytest.raises(ValidationError):
            TitleRules(
                platform="x", length_unit="chars", max_length=0, as_of="2026-01-01", source="s"
            )
        with pytest.raises(ValidationError):
            TitleRules(platform="x", length_unit="chars", max_length=5, as_of="2026-01-01", source="s",
                       colour="red")  # type: ignore[call-arg]  # fmt: skip


class TestCheckTitle:
    def test_amazon_violations(self) -> None:
        found = check_title("FREE SHIPPING! Yoga Mat Yoga Mat Yoga Strap for the gym", "amazon")
        assert [(v.rule, v.detail) for v in found] == [
            ("banned_word", "free shipping"), ("banned_character", "!"), ("word_repeats", "yoga"),
        ]  # fmt: skip
        assert all(v.severity == "error" for v in found)
        # prepositions and articles may repeat; a word twice is allowed
        assert check_title("Mat for Yoga and for Pilates, the mat of the gym", "amazon") == ()
        long = "Yoga Mat " + "x" * 200
        assert [v.rule for v in check_title(long, "amazon")] == ["max_length"]

    def test_taobao_bytes_banned_words_and_encoding(self) -> None:
        ok = "三只松鼠坚果大礼包" * 3  # 27 Han = 54 bytes
        assert check_title(ok, "taobao") == ()
        over = ok + "零食包"  # 60 bytes is fine, 61 is not
        assert title_length(over, length_unit="gbk_bytes") == 60
        assert check_title(over, "taobao") == ()
        found = check_title(over + "a", "taobao")
        assert [(v.rule, v.detail) for v in found] == [("max_length", "61")]
        found = check_title("全网最佳蓝牙耳机😀", "taobao")
        assert [(v.rule, v.detail) for v in found] == [("banned_word", "最佳"), ("encoding", "😀")]

    def test_google_is_a_warning(self) -> None:
        (v,) = check_title("a" * 61, "google")
        assert (v.rule, v.severity) == ("max_length", "warning")

    def test_search_ad_headline_counts_cjk_double(self) -> None:
        assert check_title("蓝牙耳机降噪学生党平价推荐包邮", "search_ad_headline") == ()  # 30
        assert [
            v.rule for v in check_title("蓝牙耳机降噪学生党平价推荐包邮!", "search_ad_headline")
        ] == ["max_length"]

    def test_banned_word_boundaries(self) -> None:
        # "best seller" is banned, "bestsellers" (one word) is not a match
        assert check_title("Bestsellers shelf", "amazon") == ()
        assert [v.rule for v in check_title("Best  Seller shelf", "amazon")] == []
        assert [v.detail for v in check_title("best seller shelf", "amazon")] == ["best seller"]

    def test_empty_and_bad_input(self) -> None:
        assert [v.rule for v in check_title("   ", "amazon")] == ["empty"]
        with pytest.raises(InvalidInputError, match="title must be a string"):
            check_title(None, "amazon")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- build_title


class TestBuildTitle:
    def test_taobao_reference(self) -> None:
        res = build_title(
            ["蓝牙耳机 降噪", "蓝牙耳机 无线", "蓝牙耳机 学生 平价", "降噪 耳机 运动"],
            [0.9, 0.8, 0.5, 0.3],
            rules="taobao",
            required=["小米"],
        )
        assert isinstance(res, BuiltTitle)
        assert res.title == "小米 蓝牙耳机 降噪 无线 学生 平价 运动"
        assert res.length == title_length(res.title, length_unit="gbk_bytes") == 38
        assert res.included == (
            "蓝牙耳机 降噪",
            "蓝牙耳机 无线",
            "蓝牙耳机 学生 平价",
            "降噪 耳机 运动",
        )
        assert res.total_score == pytest.approx(2.5)

    def test_budget_forces_a_choice_and_reports_it(self) -> None:
        # 60 bytes: brand (4) + best words; "连衣裙 2026新款 ..." cannot all fit
        kws = ["连衣裙 夏季", "连衣裙 韩版 宽松", "连衣裙 碎花 雪纺 长款 法式 复古",
               "连衣裙 女 夏季 显瘦 小个子 收腰 气质 温柔 风"]  # fmt: skip
        res = build_title(kws, [0.9, 0.8, 0.7, 0.6], rules="taobao", required=["太平鸟"])
        assert res.length <= 60
        assert res.title.startswith("太平鸟 连衣裙")
        assert ("连衣裙 女 夏季 显瘦 小个子 收腰 气质 温柔 风", "over_budget") in res.excluded
        assert set(res.included) | {k for k, _ in res.excluded} == set(kws)

    def test_no_spaces_for_chinese(self) -> None:
        res = build_title(["连衣裙 夏季", "连衣裙 韩版"], [1.0, 0.5], rules="taobao", separator="")
        assert res.title == "连衣裙夏季韩版"
        assert res.length == 14

    def test_dedup_after_tokenisation(self) -> None:
        res = build_title(["Yoga Mat", "yoga mat thick", "YOGA"], [3.0, 2.0, 1.0], rules="google")
        assert res.title == "Yoga Mat thick"
        assert res.included == ("Yoga Mat", "yoga mat thick", "YOGA")

    def test_banned_and_valueless_keywords_left_out(self) -> None:
        res = build_title(
            ["yoga mat", "free shipping yoga mat", "yoga mat $9", "mat strap", "the"],
            [1.0, 5.0, 4.0, 0.0, 1.0],
            rules="amazon",
        )
        assert dict(res.excluded) == {
            "free shipping yoga mat": "banned", "yoga mat $9": "banned", "mat strap": "no_value",
            "the": "no_tokens",
        }  # fmt: skip
        assert check_title(res.title, "amazon") == ()

    def test_jieba_dictionary_changes_dedup(self) -> None:
        pytest.importorskip("jieba")
        tok = ChineseTokenizer(["三只松鼠"], engine="jieba")
        res = build_title(["三只松鼠 坚果", "松鼠 玩偶"], [1.0, 1.0], rules="taobao", tokenizer=tok)
        # with the brand a word of its own, "松鼠" (squirrel) is new and is written
        assert res.title == "三只松鼠 坚果 松鼠 玩偶"
        plain = build_title(["三只松鼠 坚果", "松鼠 玩偶"], [1.0, 1.0], rules="taobao")
        assert plain.title == "三只松鼠 坚果 玩偶"  # bigram 松鼠 already in the brand

    def test_errors(self) -> None:
        with pytest.raises(InfeasibleProblemError, match="required words alone"):
            build_title(["a"], [1.0], rules="search_ad_headline", required=["x" * 31])
        with pytest.raises(InvalidInputError, match="required word '最佳' breaks the rules"):
            build_title(["a"], [1.0], rules="taobao", required=["最佳"])
        with pytest.raises(InvalidInputError, match="same length"):
            build_title(["a", "b"], [1.0], rules="taobao")
        with pytest.raises(InvalidInputError, match="scores must be finite"):
            build_title(["a"], [float("nan")], rules="taobao")
        with pytest.raises(InvalidInputError, match="keywords must be a sequence of strings"):
            build_title("a b", [1.0], rules="taobao")
        with pytest.raises(InvalidInputError, match="rules must be a TitleRules or one of"):
            build_title(["a"], [1.0], rules="tmall")

    def test_exact_knapsack_when_keywords_share_no_word(self) -> None:
        # disjoint words: the first round is the exact 0/1 knapsack (brute force over subsets)
        kws = ["aa bb", "cccc", "dd", "eeeee ff", "gg hh ii", "jjjjjjjj"]
        scores = [5.0, 4.0, 1.5, 6.0, 5.5, 4.5]
        rules = TitleRules(platform="t", length_unit="chars", max_length=20, as_of="2026-01-01",
                           source="test")  # fmt: skip
        res = build_title(kws, scores, rules=rules, tokenizer=LatinTokenizer(stopwords=()))
        best = 0.0
        for r in range(len(kws) + 1):
            for combo in itertools.combinations(range(len(kws)), r):
                words = [w for i in combo for w in kws[i].split()]
                if len(" ".join(words)) <= 20:
                    best = max(best, sum(scores[i] for i in combo))
        assert res.total_score == pytest.approx(best)

    @given(
        st.lists(
            st.lists(st.sampled_from(["连衣裙", "夏季", "韩版", "Dress", "dress", "summer", "女",
                                      "宽松", "雪纺", "2026新款", "Floral", "maxi", "😀", "最佳",
                                      "for", "women"]),
                     min_size=1, max_size=4),
            min_size=1, max_size=12,
        ),
        st.data(),
    )  # fmt: skip
    def test_budget_and_required_properties(
        self, kw_words: list[list[str]], data: st.DataObject
    ) -> None:
        keywords = [" ".join(w) for w in kw_words]
        scores = data.draw(st.lists(st.floats(0.0, 10.0), min_size=len(keywords),
                                    max_size=len(keywords)))  # fmt: skip
        platform = data.draw(st.sampled_from(["taobao", "amazon", "search_ad_headline", "google"]))
        required = data.draw(st.lists(st.sampled_from(["太平鸟", "Nike", "官方旗舰店"]),
                                      max_size=2, unique=True))  # fmt: skip
        separator = data.draw(st.sampled_from([" ", "", " | "]))
        rules = title_rules(platform)
        try:
            res = build_title(keywords, scores, rules=platform, required=required,
                              separator=separator)  # fmt: skip
        except InfeasibleProblemError:
            need = title_length(separator.join(required), length_unit=rules.length_unit)
            assert need > rules.max_length
            return
        assert (
            res.length == title_length(res.title, length_unit=rules.length_unit) <= rules.max_length
        )
        assert list(res.words[: len(required)]) == required
        assert res.title.startswith(separator.join(required))
        tok = LatinTokenizer()
        # coverage is judged on the words as written (run-together Chinese is re-segmented
        # by the platform's search engine); with a visible separator, on the title too
        present = set().union(*(tok.tokenize(w) for w in res.words))
        if separator:
            assert present <= set(tok.tokenize(res.title))
        for kw in res.included:
            assert set(tok.tokenize(kw)) <= present
        assert len(res.included) + len(res.excluded) == len(keywords)
        if platform != "google":
            assert [v for v in check_title(res.title, platform) if v.rule != "empty"] == []

    @given(st.permutations(list(range(6))))
    def test_value_does_not_depend_on_keyword_order(self, perm: list[int]) -> None:
        kws = [
            "连衣裙 夏季",
            "连衣裙 韩版 宽松",
            "雪纺 碎花",
            "夏季 女",
            "法式 复古 长款",
            "小个子",
        ]
        scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
        base = build_title(kws, scores, rules="search_ad_headline")
        res = build_title([kws[i] for i in perm], [scores[i] for i in perm],
                          rules="search_ad_headline")  # fmt: skip
        assert res.total_score == pytest.approx(base.total_score)
        assert set(res.included) == set(base.included)


# --------------------------------------------------------------------------- SEM


class TestSemKeywords:
    def test_cjk_joins_without_spaces(self) -> None:
        res = sem_keywords(["连衣裙", "iPhone"], ["包邮", "壳", "case"], match_types=["broad"])
        assert res.keyword.tolist() == [
            "连衣裙", "连衣裙包邮", "包邮连衣裙", "连衣裙壳", "壳连衣裙", "连衣裙case", "case连衣裙",
            "iPhone", "iPhone包邮", "包邮iPhone", "iPhone壳", "壳iPhone", "iPhone case",
            "case iPhone",
        ]  # fmt: skip

    def test_match_types_and_negatives(self) -> None:
        res = sem_keywords(["yoga mat"], ["buy"], word_order="product_first",
                           negatives=["free", "used"], negative_match_type="exact")  # fmt: skip
        assert res.formatted.tolist() == [
            "[yoga mat]", "[yoga mat buy]", '"yoga mat"', '"yoga mat buy"', "yoga mat",
            "yoga mat buy", "[free]", "[used]",
        ]  # fmt: skip
        assert res.criterion.tolist()[-2:] == ["Negative Exact", "Negative Exact"]
        assert res.negative.tolist() == [False] * 6 + [True] * 2
        assert set(res.match_type.tolist()) == set(MATCH_TYPES)
        assert "modified" not in " ".join(res.criterion.tolist()).lower()
        assert res.to_pandas().shape == (8, 7)

    def test_duplicates_dropped(self) -> None:
        res = sem_keywords(
            ["Tea", "tea"], ["green"], match_types=["exact"], word_order="product_first"
        )
        assert res.keyword.tolist() == ["Tea", "Tea green"]

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="match_types must be one of"):
            sem_keywords(["a"], ["b"], match_types=["modified_broad"])  # type: ignore[list-item]
        with pytest.raises(InvalidInputError, match="intent_words must not hold blank strings"):
            sem_keywords(["a"], ["b", " "])
        with pytest.raises(InvalidInputError, match="order must be one of"):
            sem_keywords(["a"], ["b"], word_order="random")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="not one string"):
            sem_keywords(["a"], ["b"], match_types="exact")  # type: ignore[arg-type]

    @given(st.lists(st.text(min_size=1, max_size=6).filter(str.strip), min_size=1, max_size=4),
           st.lists(st.text(min_size=1, max_size=6).filter(str.strip), max_size=4))  # fmt: skip
    def test_counts(self, products: list[str], intents: list[str]) -> None:
        assume(len({" ".join(p.split()) for p in products}) == len(products))
        res = sem_keywords(products, intents, match_types=["exact", "broad"])
        assert len(res) % 2 == 0
        assert len(res) <= 2 * len(products) * (1 + 2 * len(intents))
        assert all(f.startswith("[") for f in res.formatted[: len(res) // 2])
