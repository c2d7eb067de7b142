r"""A reusable BM25 index of a fixed catalogue (private).

[`bm25_scores`][ecomops.seo.bm25_scores] tokenises and weighs the documents on
every call; `Bm25Index` does it once and keeps the weight of every posting in a
compressed sparse column (CSC) matrix, one column per term, so a query only
reads the columns of its own terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from ecomops._core.typing import Bm25Method, FloatArray, IntArray
from ecomops._core.validation import read_only
from ecomops._seo.bm25 import (
    Corpus,
    ParsedField,
    TextsOrTokens,
    check_bm25_parameters,
    check_fields,
    count_fields,
    parse_fields,
    parse_queries,
    term_weights,
    weigh_fields,
)
from ecomops._seo.text import Tokenizer, resolve_tokenizer
from ecomops.exceptions import InvalidInputError

__all__ = ["Bm25Index"]


class Bm25Index:
    r"""A BM25 index of a catalogue: built once, immutable, queried many times.

    The scores are those of [`bm25_scores`][ecomops.seo.bm25_scores] with the
    same documents and options (the same formula, the same floats): building
    the index tokenises the documents, counts their terms and weighs every
    posting $\mathrm{idf}(t)\,f(c_{d,t})$ once; a query then sums the
    columns of its terms,

    $$
    S(q, d) = \sum_{t \in q} n_{q,t}\, W_{d,t},
    $$

    reading only the postings of the query's terms (a CSC matrix, one
    column per term).

    Parameters
    ----------
    documents : sequence of str or of token lists, or mapping of field to one
        The catalogue (listing titles), or several fields of equal length for
        BM25F. [-]
    method : {"lucene", "robertson", "atire", "bm25l", "bm25plus"}
        Formula variant, as in `bm25_scores`; default ``"lucene"``. [-]
    k1 : float
        Term-frequency saturation, ``>= 0``; default 1.2. [-]
    b : float or mapping of field to float
        Length normalisation in [0, 1]; default 0.75. [-]
    delta : float, optional
        Lower bound of BM25L/BM25+, ``>= 0``; default 0.5 and 1.0. [-]
    field_weights : mapping of field to float, optional
        BM25F field weights ``>= 0`` (missing fields weigh 1). [-]
    tokenizer : Tokenizer, optional
        Default [`default_tokenizer`][ecomops.seo.default_tokenizer]; queries are
        tokenised with the same one. [-]

    Raises
    ------
    InvalidInputError
        As `bm25_scores`.

    Notes
    -----
    The index is immutable: `add` returns a new index. Adding documents
    changes every weight (the number of documents, the average length and the
    document frequencies all move), so `add` re-weighs the stored term counts
    of the old documents, without tokenising them again. Memory: one float64
    weight and one row index (``intp``) per posting (distinct term of a document),
    plus the term counts kept for `add`.

    References
    ----------
    1. Robertson, S. and Zaragoza, H. (2009), "The probabilistic relevance
       framework: BM25 and beyond", *Foundations and Trends in Information
       Retrieval* 3(4), 333-389, doi:10.1561/1500000019.
    2. Zobel, J. and Moffat, A. (2006), "Inverted files for text search
       engines", *ACM Computing Surveys* 38(2), doi:10.1145/1132956.1132959
       (term-at-a-time evaluation over postings lists).
    3. Lù, X. H. (2024), "BM25S: Orders of magnitude faster lexical search via
       eager sparse scoring", arXiv:2407.03618 (the same eager weighting).

    Examples
    --------
    >>> from ecomops.seo import Bm25Index
    >>> titles = ["wireless earbuds noise cancelling", "wired earphones",
    ...           "wireless charger", "yoga mat"]
    >>> index = Bm25Index(titles)
    >>> index.scores("wireless earbuds").round(4)
    array([0.6924, 0.    , 0.3431, 0.    ])
    >>> index.top_documents("wireless earbuds", top=2)
    (array([0, 2]), array([0.69237956, 0.34314217]))
    >>> index.add(["wireless mouse"]).scores("wireless").round(4)
    array([0.1925, 0.    , 0.2629, 0.    , 0.2629])
    """

    __slots__ = (
        "_bs",
        "_counted",
        "_delta",
        "_fields",
        "_indptr",
        "_k1",
        "_method",
        "_n_docs",
        "_rows",
        "_tokenizer",
        "_values",
        "_vocab",
    )

    _bs: dict[str, float]
    _counted: dict[str, ParsedField]
    _delta: float
    _fields: tuple[tuple[str, ...], dict[str, float]]
    _indptr: IntArray
    _k1: float
    _method: str
    _n_docs: int
    _rows: IntArray
    _tokenizer: Tokenizer
    _values: FloatArray
    _vocab: dict[str, int]

    def __init__(
        self,
        documents: TextsOrTokens | Mapping[str, TextsOrTokens],
        *,
        method: Bm25Method = "lucene",
        k1: float = 1.2,
        b: float | Mapping[str, float] = 0.75,
        delta: float | None = None,
        field_weights: Mapping[str, float] | None = None,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        d = check_bm25_parameters(method, k1, delta)
        tok = resolve_tokenizer(tokenizer)
        fields, weights, bs = check_fields(documents, field_weights, b)
        vocab: dict[str, int] = {}
        parsed, n = parse_fields(fields, weights, vocab, tok)
        counted = count_fields(parsed, (n, len(vocab)))
        settings = (method, float(k1), d, tok, tuple(fields), weights, bs)
        self._store(settings, vocab, counted, n)

    def _store(
        self,
        settings: tuple[Any, ...],
        vocab: dict[str, int],
        counted: dict[str, ParsedField],
        n: int,
    ) -> None:
        """Weigh the counts and keep the postings, column by column (once, at build)."""
        method, k1, delta, tok, names, weights, bs = settings
        corpus: Corpus = weigh_fields(counted, weights, bs, n, vocab)
        csc = sp.csc_array(term_weights(corpus, method, k1, delta))
        csc.sort_indices()
        put = object.__setattr__
        for name, value in (
            ("_method", method), ("_k1", k1), ("_delta", delta), ("_tokenizer", tok),
            ("_fields", (names, weights)), ("_bs", bs), ("_vocab", vocab),
            ("_counted", counted), ("_n_docs", n),
            ("_indptr", read_only(csc.indptr.astype(np.int64))),
            ("_rows", read_only(csc.indices.astype(np.intp))),
            ("_values", read_only(np.asarray(csc.data, dtype=np.float64))),
        ):  # fmt: skip
            put(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Bm25Index is immutable; cannot set {name!r}")

    def __repr__(self) -> str:
        return (
            f"Bm25Index(documents={self._n_docs}, terms={len(self._vocab)}, "
            f"postings={self._values.size}, method={self._method!r})"
        )

    @property
    def n_documents(self) -> int:
        """Documents in the index."""
        return int(self._n_docs)

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The indexed terms, in the order they were first met."""
        return tuple(self._vocab)

    def _score(self, tokens: list[str]) -> FloatArray:
        """One query's scores, summed term by term in term-id order.

        The order and the products are those of the sparse product in
        `bm25_scores` (``n_{q,t} * W[d, t]`` added from 0 over the query's terms
        in increasing term id), so the floats are the same.
        """
        counts: dict[int, int] = {}
        get = self._vocab.get
        for token in tokens:
            j = get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        out = np.zeros(self._n_docs)
        indptr, rows, values = self._indptr, self._rows, self._values
        for j in sorted(counts):  # unbuffered adds, in term-id order
            lo, hi = int(indptr[j]), int(indptr[j + 1])
            w = values[lo:hi] if counts[j] == 1 else float(counts[j]) * values[lo:hi]
            np.add.at(out, rows[lo:hi], w)  # 1.0 * w == w: one occurrence needs no product
        return out

    def scores(self, queries: str | TextsOrTokens) -> FloatArray:
        """BM25 score of every document for each query: `bm25_scores` on the index.

        Parameters
        ----------
        queries : str, sequence of str, or sequence of token lists
            One query (1-D result) or a batch (2-D result), tokenised with the
            index's tokenizer when given as text. [-]

        Returns
        -------
        ndarray of float64
            Shape ``(n_documents,)`` for one query string, else
            ``(n_queries, n_documents)``. [-]

        Examples
        --------
        >>> from ecomops.seo import Bm25Index
        >>> Bm25Index(["green tea", "black tea", "yoga mat"]).scores(["tea", "mat"]).round(3)
        array([[0.214, 0.214, 0.   ],
               [0.   , 0.   , 0.446]])
        """
        lists, single = parse_queries(queries, self._tokenizer)
        if single:
            return self._score(lists[0])
        if len(lists) == 1:  # a batch of one (a tokenised query): no copy of the row
            return self._score(lists[0])[None, :]
        out = np.empty((len(lists), self._n_docs))
        for i, tokens in enumerate(lists):
            out[i] = self._score(tokens)
        return out

    def top_documents(
        self, queries: str | TextsOrTokens, *, top: int = 10
    ) -> tuple[IntArray, FloatArray]:
        """The ``top`` best documents for each query: their indices and scores, best first.

        Ties go to the lower document index, so the answer is deterministic.
        Documents that score 0 fill the list when fewer than ``top`` match.

        Parameters
        ----------
        queries : str, sequence of str, or sequence of token lists
            One query (1-D results) or a batch (2-D results, one row per query). [-]
        top : int
            How many documents to return, ``>= 1`` (at most `n_documents`);
            default 10. [documents]

        Returns
        -------
        tuple of ndarray
            ``(document indices, scores)``, each of shape ``(top,)`` for one
            query string, else ``(n_queries, top)``. [-]

        Examples
        --------
        >>> from ecomops.seo import Bm25Index
        >>> Bm25Index(["green tea", "black tea", "yoga mat"]).top_documents("tea", top=2)
        (array([0, 1]), array([0.21363801, 0.21363801]))
        """
        if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
            raise InvalidInputError(f"top must be a whole number >= 1; got {top!r}")
        all_scores = self.scores(queries)
        rows = np.atleast_2d(all_scores)
        keep = min(int(top), self._n_docs)
        index = np.empty((rows.shape[0], keep), dtype=np.int64)
        for i, s in enumerate(rows):
            index[i] = _best(s, keep)
        best_scores = np.take_along_axis(rows, index, axis=1)
        if all_scores.ndim == 1:
            return index[0], best_scores[0]
        return index, best_scores

    def add(self, documents: TextsOrTokens | Mapping[str, TextsOrTokens]) -> Bm25Index:
        """A new index of these documents and the new ones (this one is unchanged).

        The new documents come after the old ones (their indices continue the
        count); they must have the same fields. The stored term counts are
        re-weighed, the old documents are not tokenised again.

        Parameters
        ----------
        documents : sequence of str or of token lists, or mapping of field to one
            The documents to add, with the fields of the index's documents. [-]

        Returns
        -------
        Bm25Index
            The scores of `bm25_scores` on all the documents (to rounding when
            several fields bring new terms in another order).

        Examples
        --------
        >>> from ecomops.seo import Bm25Index
        >>> Bm25Index(["green tea"]).add(["black tea"]).n_documents
        2
        """
        names, weights = self._fields
        fields, _, _ = check_fields(documents, None, 0.75)
        if tuple(fields) != names:
            raise InvalidInputError(
                f"documents must have the fields of the index {list(names)}; got {list(fields)}"
            )
        vocab = dict(self._vocab)
        parsed, n_new = parse_fields(fields, weights, vocab, self._tokenizer)
        shape = (self._n_docs + n_new, len(vocab))
        new = count_fields(parsed, (n_new, len(vocab)))
        counted = {name: _stack(self._counted[name], new[name], shape) for name in names}
        settings = (self._method, self._k1, self._delta, self._tokenizer, names, weights, self._bs)
        out = object.__new__(Bm25Index)
        out._store(settings, vocab, counted, shape[0])
        return out


def _stack(old: ParsedField, new: ParsedField, shape: tuple[int, int]) -> ParsedField:
    """Old rows (widened to the grown vocabulary) over the new ones."""
    tf_old = sp.csr_array(
        (old.tf.data, old.tf.indices, old.tf.indptr), shape=(old.tf.shape[0], shape[1])
    )
    tf = sp.csr_array(sp.vstack([tf_old, new.tf], format="csr"))
    return ParsedField(tf, np.concatenate([old.lengths, new.lengths]))


def _best(scores: FloatArray, keep: int) -> IntArray:
    """Indices of the ``keep`` highest scores, best first, ties to the lower index."""
    if keep >= scores.size:
        candidates = np.arange(scores.size)
    else:
        threshold = np.partition(scores, scores.size - keep)[scores.size - keep]
        candidates = np.flatnonzero(scores >= threshold)  # every tie at the threshold
    order = np.lexsort((candidates, -scores[candidates]))
    return np.asarray(candidates[order[:keep]], dtype=np.int64)
