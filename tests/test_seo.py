"""Tests of SEO keyword metrics and relevance (ecomops.seo)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ecomops.seo as seo
from ecomops.exceptions import InvalidInputError
from ecomops.seo import (
    CTR_CURVES,
    ChineseTokenizer,
    KeywordScores,
    ScoreWeights,
    bm25_scores,
    click_through_rate,
    estimated_clicks,
    keyword_coverage,
    keyword_density,
    keyword_effectiveness_index,
    keyword_opportunity,
    keyword_scores,
    tfidf_similarity,
)

NAN = float("nan")


def test_public_surface() -> None:
    assert seo.__all__ == sorted(seo.__all__, key=lambda n: (not n.isupper(), n[0].islower(), n))
    for name in seo.__all__:
        assert hasattr(seo, name)
        obj = getattr(seo, name)
        if callable(obj) and getattr(obj, "__module__", "").startswith("ecomops"):
            doc = obj.__doc__ or ""
            assert "Examples" in doc, name
            assert "References" in doc, name


# --------------------------------------------------------------------------- CTR, clicks


class TestClickThroughRate:
    def test_bundled_curves(self) -> None:
        # Sistrix (2020-07-14), 80M keywords: positions 1-10
        assert CTR_CURVES["sistrix_2020"].tolist() == [
            0.285, 0.157, 0.110, 0.080, 0.072, 0.051, 0.040, 0.032, 0.028, 0.025,
        ]  # fmt: skip
        # AOL 2006 log, share of clicks by position: 42.30%, 11.92%, 8.44% ... 2.97% (pos. 10)
        aol = CTR_CURVES["aol_2006"]
        assert aol[:3].tolist() == [0.4230, 0.1192, 0.0844]
        assert aol[9] == 0.0297
        assert aol.shape == (20,)
        assert math.isclose(aol[:10].sum(), 0.8968, abs_tol=1e-12)  # 89.68% on page one
        with pytest.raises(ValueError, match="read-only"):
            CTR_CURVES["aol_2006"][0] = 1.0

    def test_interpolation_and_tail(self) -> None:
        assert click_through_rate(1) == 0.285
        assert click_through_rate(2.5) == pytest.approx((0.157 + 0.110) / 2)
        assert click_through_rate(10.5) == pytest.approx(0.0125)  # halfway to 0 at rank 11
        assert click_through_rate(11) == 0.0
        assert click_through_rate(NAN) == 0.0  # not ranking
        assert click_through_rate(3, ctr_curve=[0.5, 0.2, 0.1]) == 0.1

    def test_estimated_clicks_reference(self) -> None:
        # 10,000 searches at position 1: 28.5% (Sistrix 2020) and 42.30% (AOL 2006)
        assert estimated_clicks(10_000, 1) == pytest.approx(2_850.0)
        assert estimated_clicks(10_000, 1, ctr_curve="aol_2006") == pytest.approx(4_230.0)
        out = estimated_clicks([1_000, 2_000, NAN], [[2], [NAN]])
        assert out.shape == (2, 3)
        assert out[0].tolist()[:2] == pytest.approx([157.0, 314.0])
        assert np.isnan(out[0, 2])
        assert out[1].tolist()[:2] == [0.0, 0.0]
        assert isinstance(estimated_clicks(1.0, 1.0), float)

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match=r"position must be >= 1; 1 value is not"):
            estimated_clicks([10, 10], [1, 0.5])
        with pytest.raises(InvalidInputError, match="volume must be >= 0"):
            estimated_clicks(-1, 1)
        with pytest.raises(InvalidInputError, match="ctr_curve must be one of"):
            estimated_clicks(1, 1, ctr_curve="awr_2023")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="ctr_curve must be <= 1"):
            estimated_clicks(1, 1, ctr_curve=[28.5, 15.7])
        with pytest.raises(InvalidInputError, match="inputs must broadcast"):
            estimated_clicks([1, 2], [1, 2, 3])
        with pytest.raises(InvalidInputError, match="position must be numeric"):
            estimated_clicks(1, "1")

    @given(
        hnp.arrays(np.float64, 8, elements=st.floats(0, 1e7)),
        hnp.arrays(np.float64, 8, elements=st.floats(1, 150)),
    )
    def test_vectorised_equals_scalar_and_monotone(
        self, volume: np.ndarray, position: np.ndarray
    ) -> None:
        out = estimated_clicks(volume, position)
        for v, p, o in zip(volume, position, out, strict=True):
            assert o == pytest.approx(estimated_clicks(float(v), float(p)))
            assert estimated_clicks(float(v), min(float(p) + 1.0, 200.0)) <= o + 1e-9


class TestKei:
    def test_reference(self) -> None:
        # glossary example: 100 searches, 5,000 pages -> KEI 2 (100 * 100 / 5000)
        assert keyword_effectiveness_index(100, 5_000) == 2.0
        # Roy's axioms: 4/100 and 40/1000 have one ratio, the second has the higher KEI
        a, b = keyword_effectiveness_index([4, 40], [100, 1_000])
        assert (a, b) == pytest.approx((0.16, 1.6))
        assert b > a

    def test_zero_competition_and_nan(self) -> None:
        out = keyword_effectiveness_index([10, NAN, 10], [0, 5, NAN])
        assert out[0] == 100.0  # Roy: no competing pages -> popularity squared
        assert np.isnan(out[1])
        assert np.isnan(out[2])

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="competing_pages must be >= 0"):
            keyword_effectiveness_index(10, -1)
        with pytest.raises(InvalidInputError, match="volume must be >= 0; 1 value is not"):
            keyword_effectiveness_index([1, -5], 10)


class TestOpportunity:
    def test_reference(self) -> None:
        # 10,000 x (0.285 - 0) x (1 - 0.40) from position 11 (CTR 0) to 1
        assert keyword_opportunity(10_000, 11, 40) == pytest.approx(1_710.0)
        # from 3 to 1: (0.285 - 0.110) x 10,000 x 0.5
        assert keyword_opportunity(10_000, 3, 50) == pytest.approx(875.0)
        assert keyword_opportunity(10_000, 1, 0) == 0.0
        assert keyword_opportunity(10_000, 2, 0, target_position=3) == 0.0

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="difficulty must be <= 100"):
            keyword_opportunity(1, 1, 120)
        with pytest.raises(InvalidInputError, match="target_position must be >= 1"):
            keyword_opportunity(1, 1, 10, target_position=0.0)


# --------------------------------------------------------------------------- scores


class TestKeywordScores:
    def test_components_and_reference(self) -> None:
        res = keyword_scores(
            [12_000, 900, 40],
            [80, 30, 10],
            [2.5, 1.2, 0.3],
            position=[NAN, 12, 3],
            relevance=[0.9, 0.8, 0.2],
            keywords=["a", "b", "c"],
        )
        assert isinstance(res, KeywordScores)
        # row 0 by hand: .30*1 + .20*.2 + .15*1 + .25*.9 + .10*1 = 0.815
        assert res.score[0] == pytest.approx(0.815)
        assert res.volume_score[1] == pytest.approx(math.log1p(900) / math.log1p(12_000))
        assert res.position_score[2] == pytest.approx(1 - 0.110 / 0.285)
        assert res.position_score[1] == 1.0  # position 12: no click share yet
        contributions = sum(
            res.component_weights[c] * getattr(res, f"{c}_score")
            for c in ("volume", "ease", "intent", "relevance", "position")
        )
        np.testing.assert_allclose(contributions, res.score)
        assert res.keyword is not None
        assert res.keyword.tolist() == ["a", "b", "c"]
        assert res.order().tolist() == [0, 1, 2]
        assert res.to_pandas().shape == (3, 8)

    def test_missing_components_get_zero_weight(self) -> None:
        res = keyword_scores([100, 10], [50, 50], [1, 1])
        assert res.component_weights["relevance"] == 0.0
        assert res.component_weights["position"] == 0.0
        assert sum(res.component_weights.values()) == pytest.approx(1.0)
        assert np.isnan(res.relevance_score).all()
        assert res.keyword is None

    def test_ties_share_rank_nan_last(self) -> None:
        res = keyword_scores([100, 100, NAN, 10], [10, 10, 10, 10], [1, 1, 1, 1])
        assert res.rank.tolist() == [1, 1, 4, 3]
        assert res.order().tolist() == [0, 1, 3, 2]

    def test_reference_values_fix_the_scale(self) -> None:
        a = keyword_scores([100], [0], [1], reference_volume=10_000, reference_cpc=4.0)
        b = keyword_scores([100, 10_000], [0, 0], [1, 4], reference_volume=10_000,
                           reference_cpc=4.0)  # fmt: skip
        assert a.score[0] == pytest.approx(b.score[0])

    def test_weights(self) -> None:
        only_volume = keyword_scores([10, 1000], [0, 90], [0, 0], component_weights={"volume": 1.0,
                                     "ease": 0, "intent": 0})  # fmt: skip
        assert only_volume.score[1] == 1.0
        w = ScoreWeights(volume=0.0, ease=1.0, intent=0.0, relevance=0.0, position=0.0)
        assert keyword_scores([1], [25], [1], component_weights=w).score[0] == 0.75
        with pytest.raises(InvalidInputError, match="unknown components"):
            keyword_scores([1], [1], [1], component_weights={"clicks": 1.0})
        with pytest.raises(InvalidInputError, match="positive weight on a component in use"):
            keyword_scores([1], [1], [1], component_weights={"volume": 0, "ease": 0, "intent": 0})
        with pytest.raises(InvalidInputError, match="component_weights are invalid"):
            keyword_scores([1], [1], [1], component_weights={"volume": -1.0})

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="inputs must have the same length"):
            keyword_scores([1, 2], [1], [1, 2])
        with pytest.raises(InvalidInputError, match="relevance must be <= 1"):
            keyword_scores([1], [1], [1], relevance=[1.5])
        with pytest.raises(InvalidInputError, match="position must be >= 1; 1 value is not"):
            keyword_scores([1], [1], [1], position=[0])
        with pytest.raises(InvalidInputError, match="volume must be 1-dimensional"):
            keyword_scores(5, 1, 1)
        with pytest.raises(InvalidInputError, match="reference_volume must be finite and > 0"):
            keyword_scores([1], [1], [1], reference_volume=0)

    @given(
        st.lists(
            st.tuples(
                st.floats(0, 1e6), st.floats(0, 100), st.floats(0, 50),
                st.floats(1, 120) | st.just(NAN), st.floats(0, 1),
            ),
            min_size=1,
            max_size=25,
        ),
        st.randoms(use_true_random=False),
    )  # fmt: skip
    def test_invariant_to_keyword_order(self, rows: list[tuple[float, ...]], rnd: object) -> None:
        perm = list(range(len(rows)))
        rnd.shuffle(perm)  # type: ignore[attr-defined]
        cols = [np.array(c) for c in zip(*rows, strict=True)]
        a = keyword_scores(cols[0], cols[1], cols[2], position=cols[3], relevance=cols[4])
        b = keyword_scores(*(c[perm] for c in cols[:3]), position=cols[3][perm],
                           relevance=cols[4][perm])  # fmt: skip
        np.testing.assert_allclose(b.score, a.score[perm])
        np.testing.assert_array_equal(b.rank, a.rank[perm])
        assert ((a.score >= 0) & (a.score <= 1 + 1e-12)).all()

    def test_million_keywords_vectorised(self) -> None:
        rng = np.random.default_rng(0)
        n = 200_000
        res = keyword_scores(rng.integers(10, 10**6, n), rng.uniform(0, 100, n),
                             rng.uniform(0, 9, n), position=rng.uniform(1, 100, n))  # fmt: skip
        assert res.score.shape == (n,)
        assert res.rank.min() == 1


# --------------------------------------------------------------------------- BM25

DOCS = [
    ["green", "tea", "loose", "leaf"],
    ["green", "tea", "set"],
    ["yoga", "mat", "green"],
    ["mat", "cleaner"],
    ["tea", "tea", "cup", "green"],
]
QUERIES = [["green", "tea"], ["mat"], ["tea", "cup"]]

#: bm25s 0.3.16: bm25s.BM25(method=m, k1=1.2, b=0.75, delta=d, idf_method=m).index(DOCS)
#: then get_scores(q) for q in QUERIES (float32), rounded to 6 places. For bm25l and bm25+
#: bm25s adds idf * f(0) for query terms absent from a document; those entries are
#: corrected in the test (see BM25S_NONOCCURRENCE).
BM25S = {
    "lucene": [[0.340898, 0.385623, 0.134196, 0.0, 0.433374],
               [0.0, 0.0, 0.408382, 0.47005, 0.0],
               [0.222267, 0.251427, 0.0, 0.0, 0.88641]],
    "atire": [[0.665869, 0.753228, 0.228999, 0.0, 0.858683],
              [0.0, 0.0, 0.940333, 1.08233, 0.0],
              [0.463429, 0.524229, 0.0, 0.0, 2.116352]],
    "bm25l": [[0.96018, 1.024845, 0.705406, 0.53491, 1.099465],
              [0.56648, 0.56648, 1.085331, 1.178374, 0.56648],
              [1.523053, 1.565215, 1.245776, 1.245776, 2.375493]],
    "bm25plus": [[2.095292, 2.226051, 1.514716, 1.098612, 2.356923],
                 [1.098612, 1.098612, 2.226051, 2.396302, 1.098612],
                 [3.113741, 3.196241, 2.484907, 2.484907, 5.000887]],
}  # fmt: skip
#: bm25s 0.3.16 ``nonoccurrence_array`` entries (idf * f(tf=0)) for the same index.
BM25S_NONOCCURRENCE = {
    "bm25l": {"green": 0.186147, "tea": 0.348762, "mat": 0.566480, "cup": 0.897014},
    "bm25plus": {"green": 0.405465, "tea": 0.693147, "mat": 1.098612, "cup": 1.791759},
}


class TestBm25:
    def test_hand_computed_lucene(self) -> None:
        # N=4, avgdl=2.5; "wireless" df=2: ln(1 + 2.5/2.5) = ln 2; "earbuds" df=1: ln(10/3);
        # doc 0: B = 0.25 + 0.75*4/2.5 = 1.45, f = (1/1.45) / (1.2 + 1/1.45)
        titles = ["wireless earbuds noise cancelling", "wired earphones", "wireless charger",
                  "yoga mat"]  # fmt: skip
        f0 = (1 / 1.45) / (1.2 + 1 / 1.45)
        f2 = (1 / 0.85) / (1.2 + 1 / 0.85)
        expected = [(math.log(2) + math.log(10 / 3)) * f0, 0.0, math.log(2) * f2, 0.0]
        np.testing.assert_allclose(bm25_scores("wireless earbuds", titles), expected, rtol=1e-12)

    @pytest.mark.parametrize("variant", ["lucene", "atire"])
    def test_matches_bm25s_literals(self, variant: str) -> None:
        ours = bm25_scores(QUERIES, DOCS, method=variant)  # type: ignore[arg-type]
        np.testing.assert_allclose(ours, BM25S[variant], atol=2e-6)

    @pytest.mark.parametrize("variant", ["bm25l", "bm25plus"])
    def test_matches_bm25s_up_to_absent_terms(self, variant: str) -> None:
        delta = 0.5 if variant == "bm25l" else 1.0
        ours = bm25_scores(QUERIES, DOCS, method=variant, delta=delta)  # type: ignore[arg-type]
        theirs = np.array(BM25S[variant])
        for i, q in enumerate(QUERIES):
            for t in q:
                absent = np.array([t not in d for d in DOCS])
                theirs[i, absent] -= BM25S_NONOCCURRENCE[variant][t]
        np.testing.assert_allclose(ours, theirs, atol=3e-6)
        # Lv and Zhai sum over q ∩ d: a document with no query term scores 0
        assert ours[0, 3] == 0.0

    def test_robertson_textbook_idf(self) -> None:
        # idf = ln((N - df + 0.5)/(df + 0.5)): "mat" df=2 of 5 -> ln(3.5/2.5) > 0, as bm25s;
        # "green" df=4 -> ln(1.5/4.5) < 0: bm25s floors it at 0, the formula does not.
        ours = bm25_scores(QUERIES, DOCS, method="robertson")
        np.testing.assert_allclose(ours[1], [0.0, 0.0, 0.156955, 0.180656, 0.0], atol=2e-6)
        doc3 = (1 / (0.25 + 0.75 * 2 / 3.2)) / (1.2 + 1 / (0.25 + 0.75 * 2 / 3.2))  # avgdl 3.2
        assert ours[1, 3] == pytest.approx(math.log(3.5 / 2.5) * doc3)
        assert ours[0, 2] < 0.0  # only "green" matches, a term in 4 of 5 documents

    def test_live_bm25s_cross_check(self) -> None:
        bm25s = pytest.importorskip("bm25s")
        rng = np.random.default_rng(3)
        vocab = [f"w{i}" for i in range(25)]
        p = np.r_[np.full(5, 0.1), np.full(20, 0.025)]
        docs = [list(rng.choice(vocab, size=rng.integers(1, 10), p=p)) for _ in range(30)]
        queries = [list(dict.fromkeys(rng.choice(vocab[:15], size=3))) for _ in range(4)]
        for variant in ("lucene", "atire"):
            model = bm25s.BM25(method=variant, k1=1.2, b=0.75, idf_method=variant)
            model.index(docs, show_progress=False)
            theirs = np.array([model.get_scores(q) for q in queries])
            ours = bm25_scores(queries, docs, method=variant)  # type: ignore[arg-type]
            np.testing.assert_allclose(ours, theirs, atol=1e-5)

    def test_rank_bm25_half_document_zero_not_reproduced(self) -> None:
        # rank_bm25 0.2.2 BM25Okapi(corpus).idf: "green" (df 2 of 4) -> 0.0 exactly;
        # "tea" (df 3 of 4) -> negative, replaced by 0.25 * mean idf = 0.10591223254840047,
        # so a rarer term scores 0 while a commoner one scores > 0.
        corpus = [["green", "tea"], ["black", "tea"], ["green", "tea", "mug"], ["yoga", "mat"]]
        rank_bm25_scores = {"tea": [0.1114865606, 0.1114865606, 0.0920975935, 0.0],
                            "green": [0.0, 0.0, 0.0, 0.0]}  # fmt: skip
        ours = bm25_scores(["green", "tea"], corpus, k1=1.5)
        assert ours[0, 0] > ours[1, 0] > 0.0  # rarer "green" outranks commoner "tea"
        assert ours[0, 0] > 0.0
        assert rank_bm25_scores["green"][0] == 0.0
        # lucene idf is positive and strictly decreasing in df for every df
        df = np.arange(1, 101)
        n = 100
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        assert (idf > 0).all()
        assert (np.diff(idf) < 0).all()
        rank_bm25 = pytest.importorskip("rank_bm25")
        okapi = rank_bm25.BM25Okapi(corpus)
        np.testing.assert_allclose(okapi.get_scores(["green"]), rank_bm25_scores["green"])
        np.testing.assert_allclose(okapi.get_scores(["tea"]), rank_bm25_scores["tea"], rtol=1e-9)

    def test_rank_bm25_bm25l_double_count_not_reproduced(self) -> None:
        # rank_bm25 0.2.2 BM25L(corpus).get_scores(["tea"]) = [1.3296155301, 0.5875045366, 0]:
        # the tf=2 document gets tf times the Lv-Zhai value (an extra q_freq factor).
        corpus = [["tea", "tea", "cup"], ["tea", "set"], ["mat"]]
        ours = bm25_scores("tea", corpus, method="bm25l", k1=1.5)
        np.testing.assert_allclose(ours, [1.3296155301 / 2, 0.5875045366, 0.0], rtol=1e-9)
        # by hand: c = 2 / (0.25 + 0.75*3/2), idf = ln(4/2.5), f = 2.5 (c+.5)/(1.5+c+.5)
        c = 2 / (0.25 + 0.75 * 3 / 2)
        assert ours[0] == pytest.approx(math.log(4 / 2.5) * 2.5 * (c + 0.5) / (2.0 + c))

    def test_field_weights_bm25f(self) -> None:
        titles = ["wireless earbuds noise cancelling", "wired earphones", "wireless charger",
                  "yoga mat"]  # fmt: skip
        desc = ["", "", "", "earbuds"]
        out = bm25_scores("earbuds", {"title": titles, "description": desc},
                          field_weights={"title": 3.0})  # fmt: skip
        # title field: c = 3 / 1.45; description: avg length 0.25, B = 0.25 + 0.75*4 = 3.25
        idf = math.log(2.0)
        c0, c3 = 3 / 1.45, 1 / 3.25
        np.testing.assert_allclose(out, [idf * c0 / (1.2 + c0), 0, 0, idf * c3 / (1.2 + c3)])
        # one field of weight 1 is plain BM25
        np.testing.assert_allclose(
            bm25_scores("earbuds", {"title": titles}), bm25_scores("earbuds", titles)
        )
        # a title hit outweighs a description hit
        assert out[0] > out[3]
        per_field_b = bm25_scores("earbuds", {"title": titles, "description": desc},
                                  b={"title": 0.0, "description": 0.0})  # fmt: skip
        assert per_field_b[0] == pytest.approx(per_field_b[3])

    def test_empty_and_stopword_documents_and_queries(self) -> None:
        docs = ["", "the of and", "green tea"]
        out = bm25_scores(["green", "the", ""], docs)
        assert out.shape == (3, 3)
        assert np.isfinite(out).all()
        assert out[0].tolist()[:2] == [0.0, 0.0]
        assert out[0, 2] > 0
        assert (out[1:] == 0).all()
        assert bm25_scores(["tea"], []).shape == (1, 0)
        assert (bm25_scores("tea", ["", ""]) == 0).all()
        assert (bm25_scores("tea", ["", ""], b=1.0) == 0).all()

    def test_tokenised_and_text_inputs_agree(self) -> None:
        texts = [" ".join(d) for d in DOCS]
        np.testing.assert_allclose(
            bm25_scores([" ".join(q) for q in QUERIES], texts), bm25_scores(QUERIES, DOCS)
        )

    def test_chinese_titles(self) -> None:
        titles = ["蓝牙耳机 降噪 学生", "蓝牙音箱 便携", "机械键盘 办公"]
        out = bm25_scores("蓝牙耳机", titles)
        assert out[0] > out[1] > out[2] == 0.0
        tok = ChineseTokenizer(engine="ngram")
        np.testing.assert_allclose(bm25_scores("蓝牙耳机", titles, tokenizer=tok), out)

    @given(st.lists(st.lists(st.sampled_from("abcdef"), max_size=6), min_size=1, max_size=12),
           st.lists(st.sampled_from("abcdeg"), min_size=1, max_size=4),
           st.sampled_from(["lucene", "atire", "bm25l", "bm25plus"]))  # fmt: skip
    def test_properties(self, docs: list[list[str]], query: list[str], variant: str) -> None:
        out = bm25_scores([query], docs, method=variant)  # type: ignore[arg-type]
        assert (out >= 0).all()
        assert np.isfinite(out).all()
        hits = np.array([bool(set(query) & set(d)) for d in docs])
        assert (out[0][~hits] == 0).all()
        assert (out[0][hits] > 0).all() or variant == "atire"  # atire idf ln(N/N) = 0
        perm = np.arange(len(docs))[::-1]
        again = bm25_scores([query], [docs[i] for i in perm], method=variant)  # type: ignore[arg-type]
        np.testing.assert_allclose(again[0], out[0][perm], rtol=1e-12, atol=1e-12)

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="method must be one of"):
            bm25_scores("a", ["a"], method="okapi")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="k1 must be a finite number >= 0"):
            bm25_scores("a", ["a"], k1=-1)
        with pytest.raises(InvalidInputError, match=r"b must be in \[0, 1\]"):
            bm25_scores("a", ["a"], b=1.5)
        with pytest.raises(InvalidInputError, match="delta must be a finite number"):
            bm25_scores("a", ["a"], delta=math.inf)
        with pytest.raises(InvalidInputError, match="first non-string at index 1: 5"):
            bm25_scores("a", ["a", 5])  # type: ignore[call-overload]
        with pytest.raises(InvalidInputError, match="all strings or all token lists"):
            bm25_scores("a", [["a"], "b"])  # type: ignore[call-overload]
        with pytest.raises(InvalidInputError, match="fields must have one length"):
            bm25_scores("a", {"title": ["a"], "body": ["a", "b"]})
        with pytest.raises(InvalidInputError, match="field_weights needs documents as a mapping"):
            bm25_scores("a", ["a"], field_weights={"title": 2.0})
        with pytest.raises(InvalidInputError, match="names fields that documents lacks"):
            bm25_scores("a", {"title": ["a"]}, field_weights={"body": 2.0})
        with pytest.raises(InvalidInputError, match="at least one weight > 0"):
            bm25_scores("a", {"title": ["a"]}, field_weights={"title": 0.0})
        with pytest.raises(InvalidInputError, match="tokenizer must have a tokenize"):
            bm25_scores("a", ["a"], tokenizer=str.split)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- TF-IDF


class TestTfidf:
    def test_hand_computed(self) -> None:
        # idf = ln((1+N)/(1+df)) + 1 (scikit-learn smooth_idf=True), L2-normalised rows
        docs = ["green tea loose leaf", "green tea set", "yoga mat"]
        g = math.log(4 / 3) + 1
        r = math.log(4 / 2) + 1
        d0 = 2 * g * g / (math.sqrt(2 * g * g + 2 * r * r) * math.sqrt(2 * g * g))
        d1 = 2 * g * g / (math.sqrt(2 * g * g + r * r) * math.sqrt(2 * g * g))
        np.testing.assert_allclose(tfidf_similarity("green tea", docs), [d0, d1, 0.0])

    def test_sklearn_cross_check(self) -> None:
        text = pytest.importorskip("sklearn.feature_extraction.text")
        docs = ["green tea loose leaf green", "green tea set", "yoga mat", "tea cup tea"]
        queries = ["green tea", "tea cup", "mat"]
        for sub in (False, True):
            vec = text.TfidfVectorizer(sublinear_tf=sub, token_pattern=r"\S+").fit(docs)
            expected = (vec.transform(queries) @ vec.transform(docs).T).toarray()
            np.testing.assert_allclose(tfidf_similarity(queries, docs, sublinear_tf=sub),
                                       expected)  # fmt: skip

    def test_sublinear_and_bounds(self) -> None:
        docs = ["tea tea tea tea cup", "tea cup"]
        lin = tfidf_similarity("tea", docs)
        sub = tfidf_similarity("tea", docs, sublinear_tf=True)
        assert lin[0] > sub[0]
        assert tfidf_similarity(["", "tea"], ["", "tea"]).tolist() == [[0.0, 0.0], [0.0, 1.0]]
        assert tfidf_similarity("tea", []).shape == (0,)

    @given(st.lists(st.lists(st.sampled_from("abcde"), max_size=5), min_size=1, max_size=8))
    def test_self_similarity(self, docs: list[list[str]]) -> None:
        out = tfidf_similarity(docs, docs)
        assert ((out >= 0) & (out <= 1)).all()
        nonempty = np.array([bool(d) for d in docs])
        np.testing.assert_allclose(np.diag(out)[nonempty], 1.0)
        np.testing.assert_allclose(out, out.T, atol=1e-12)


# --------------------------------------------------------------------------- coverage


class TestCoverage:
    def test_all_words_and_phrase(self) -> None:
        titles = ["Wireless Earbuds, Noise Cancelling", "earbuds wireless charger", ""]
        kws = ["wireless earbuds", "noise cancelling earbuds", "charger", "the"]
        cov = keyword_coverage(titles, kws)
        assert cov.covered.tolist() == [[True, True, False, False],
                                        [True, False, True, False],
                                        [False, False, False, False]]  # fmt: skip
        assert cov.keywords_per_title.tolist() == [2, 2, 0]
        assert cov.titles_per_keyword.tolist() == [2, 1, 1, 0]
        assert cov.missing(1) == ["noise cancelling earbuds", "the"]
        phrase = keyword_coverage(titles, kws, match="phrase")
        assert phrase.covered[:, 0].tolist() == [True, False, False]
        assert phrase.covered[:, 1].tolist() == [False, False, False]

    def test_chinese_with_dictionary(self) -> None:
        titles = ["三只松鼠坚果大礼包", "坚果 松子"]
        kws = ["三只松鼠", "坚果", "松鼠"]
        bigram = keyword_coverage(titles, kws)
        assert bigram.covered.tolist() == [[True, True, True], [False, True, False]]
        pytest.importorskip("jieba")
        tok = ChineseTokenizer(["三只松鼠"], engine="jieba")
        words = keyword_coverage(titles, kws, tokenizer=tok)
        # with the brand in the dictionary, "松鼠" (squirrel) is no longer found in the brand
        assert words.covered.tolist() == [[True, True, False], [False, True, False]]

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="titles must be a sequence of strings"):
            keyword_coverage("one title", ["a"])
        with pytest.raises(InvalidInputError, match="match must be one of"):
            keyword_coverage(["a"], ["a"], match="exact")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- density


class TestDensity:
    COPY = "organic green tea. our green tea is loose leaf green tea from yunnan"

    def test_definitions_differ_by_keyword_length(self) -> None:
        # 11 tokens after stopwords (is, from dropped): 3 occurrences of a 2-word keyword
        a = keyword_density(self.COPY, "green tea", method="occurrences_per_word")
        b = keyword_density(self.COPY, "green tea", method="keyword_words_per_word")
        assert (a.occurrences, a.text_length) == (3, 11)
        assert a.density == pytest.approx(3 / 11)
        assert b.density == pytest.approx(2 * a.density)
        c = keyword_density(self.COPY, "green tea", method="keyword_chars_per_char")
        hay = "".join(self.COPY.split())
        assert c.density == pytest.approx(3 * len("greentea") / len(hay))
        assert a.stuffing
        assert a.density_threshold == 0.03

    def test_chinese_chars(self) -> None:
        res = keyword_density("连衣裙夏季连衣裙女", "连衣裙", method="keyword_chars_per_char")
        assert (res.occurrences, res.text_length) == (2, 9)
        assert res.density == pytest.approx(6 / 9)

    def test_non_overlapping_and_vectorised(self) -> None:
        res = keyword_density(["tea tea tea", "", "cup"], "tea tea",
                              method="occurrences_per_word", density_threshold=0.5)  # fmt: skip
        assert res.occurrences.tolist() == [1, 0, 0]
        assert res.density.tolist() == pytest.approx([1 / 3, 0.0, 0.0])
        assert res.stuffing.tolist() == [False, False, False]

    def test_errors(self) -> None:
        with pytest.raises(InvalidInputError, match="at least one token"):
            keyword_density("the tea", "the", method="occurrences_per_word")
        with pytest.raises(InvalidInputError, match="method must be one of"):
            keyword_density("tea", "tea", method="yoast")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=r"density_threshold must be in \(0, 1\]"):
            keyword_density("tea", "tea", method="occurrences_per_word", density_threshold=3)
        with pytest.raises(InvalidInputError, match="keyword must be a string"):
            keyword_density("tea", 3, method="occurrences_per_word")  # type: ignore[arg-type]
