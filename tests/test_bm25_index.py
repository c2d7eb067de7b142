"""`Bm25Index`: built once, the scores of `bm25_scores` (bit for bit), queried many times."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecomops.exceptions import InvalidInputError
from ecomops.seo import Bm25Index, ChineseTokenizer, bm25_scores
from tests.test_seo import BM25S, DOCS, QUERIES

TITLES = ["wireless earbuds noise cancelling", "wired earphones", "wireless charger", "yoga mat"]
METHODS = ["lucene", "robertson", "atire", "bm25l", "bm25plus"]


class TestSameScoresAsBm25Scores:
    @pytest.mark.parametrize("method", METHODS)
    def test_reference_corpus_bit_for_bit(self, method: Any) -> None:
        index = Bm25Index(DOCS, method=method)
        np.testing.assert_array_equal(
            index.scores(QUERIES), bm25_scores(QUERIES, DOCS, method=method)
        )

    @pytest.mark.parametrize("method", ["lucene", "atire"])
    def test_bm25s_literals(self, method: str) -> None:
        # bm25s 0.3.16 scores, float32 rounded to 6 places (tests/test_seo.py)
        ours = Bm25Index(DOCS, method=method).scores(QUERIES)  # type: ignore[arg-type]
        np.testing.assert_allclose(ours, BM25S[method], atol=2e-6)

    def test_text_one_query_fields_and_options(self) -> None:
        index = Bm25Index(TITLES)
        np.testing.assert_array_equal(
            index.scores("wireless earbuds"), bm25_scores("wireless earbuds", TITLES)
        )
        docs = {"title": TITLES, "description": ["", "", "", "earbuds"]}
        kw: dict[str, Any] = {"field_weights": {"title": 3.0}, "b": {"title": 0.5}, "k1": 1.5}
        np.testing.assert_array_equal(
            Bm25Index(docs, **kw).scores(["earbuds", "wireless mat"]),
            bm25_scores(["earbuds", "wireless mat"], docs, **kw),
        )
        np.testing.assert_array_equal(
            Bm25Index(DOCS, method="bm25l", delta=0.2).scores(QUERIES),
            bm25_scores(QUERIES, DOCS, method="bm25l", delta=0.2),
        )

    def test_chinese_titles_with_the_tokeniser(self) -> None:
        titles = ["蓝牙耳机 降噪 学生", "蓝牙音箱 便携", "机械键盘 办公"]
        tok = ChineseTokenizer(engine="ngram")
        index = Bm25Index(titles, tokenizer=tok)
        np.testing.assert_array_equal(
            index.scores("蓝牙耳机"), bm25_scores("蓝牙耳机", titles, tokenizer=tok)
        )
        np.testing.assert_array_equal(Bm25Index(titles).scores("蓝牙"), bm25_scores("蓝牙", titles))

    def test_empty_corpus_and_unknown_terms(self) -> None:
        assert Bm25Index([]).scores(["tea"]).shape == (1, 0)
        assert (Bm25Index(["", "the of"]).scores("tea") == 0).all()
        assert (Bm25Index(TITLES).scores("zzz") == 0).all()

    @given(st.lists(st.lists(st.sampled_from("abcdef"), max_size=6), min_size=1, max_size=12),
           st.lists(st.lists(st.sampled_from("abcdeg"), max_size=4), min_size=1, max_size=3),
           st.sampled_from(METHODS))  # fmt: skip
    def test_random_corpora(self, docs: list[list[str]], queries: list[list[str]], m: Any) -> None:
        np.testing.assert_array_equal(
            Bm25Index(docs, method=m).scores(queries), bm25_scores(queries, docs, method=m)
        )


class TestTopDocuments:
    def test_best_first_ties_to_the_lower_index(self) -> None:
        index = Bm25Index(["green tea", "black tea", "yoga mat", "tea"])
        idx, scores = index.top_documents("tea", top=3)
        full = index.scores("tea")
        assert idx.tolist() == [3, 0, 1]
        np.testing.assert_array_equal(scores, full[idx])
        idx, _ = index.top_documents("tea", top=10)  # more than the documents
        assert idx.tolist() == [3, 0, 1, 2]

    def test_batch(self) -> None:
        idx, scores = Bm25Index(DOCS).top_documents(QUERIES, top=2)
        assert idx.shape == scores.shape == (3, 2)
        assert idx[1].tolist() == [3, 2]  # "mat": the shorter document first

    @pytest.mark.parametrize("top", [0, -1, 1.5, True, None, "3"])
    def test_top_is_a_positive_whole_number(self, top: Any) -> None:
        with pytest.raises(InvalidInputError, match="top"):
            Bm25Index(DOCS).top_documents("tea", top=top)


class TestAdd:
    def test_add_equals_a_fresh_index(self) -> None:
        old = Bm25Index(DOCS[:3])
        new = old.add(DOCS[3:])
        assert old.n_documents == 3
        assert new.n_documents == 5
        np.testing.assert_array_equal(new.scores(QUERIES), bm25_scores(QUERIES, DOCS))
        np.testing.assert_array_equal(old.scores(QUERIES), bm25_scores(QUERIES, DOCS[:3]))

    def test_add_with_fields(self) -> None:
        docs = {"title": TITLES[:2], "description": ["", "earbuds case"]}
        more = {"title": TITLES[2:], "description": ["charger cable", "earbuds"]}
        both = {k: docs[k] + more[k] for k in docs}
        index = Bm25Index(docs, field_weights={"title": 2.0}).add(more)
        np.testing.assert_allclose(
            index.scores(["earbuds", "cable"]),
            bm25_scores(["earbuds", "cable"], both, field_weights={"title": 2.0}),
            rtol=1e-14,
        )
        with pytest.raises(InvalidInputError, match="fields"):
            index.add(["plain titles"])

    def test_immutable(self) -> None:
        index = Bm25Index(DOCS)
        with pytest.raises(AttributeError):
            index._n_docs = 3  # type: ignore[misc]
        assert "Bm25Index(documents=5" in repr(index)
        assert index.vocabulary[:2] == ("green", "tea")
