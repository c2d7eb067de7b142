r"""Relevance of keywords to listings for ``ecomops.seo`` (private).

BM25 (five formula variants, with BM25F field weights) and TF-IDF cosine similarity on
a ``scipy.sparse`` term matrix, and keyword coverage of listing titles.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from ecomops._core.results import Result
from ecomops._core.typing import (
    BM25_METHODS,
    COVERAGE_MATCHES,
    DENSITY_METHODS,
    Bm25Method,
    BoolArray,
    CoverageMatch,
    DensityMethod,
    FloatArray,
    IntArray,
)
from ecomops._core.validation import check_flag, check_index, check_option
from ecomops._seo.text import (
    Tokenizer,
    as_sequence,
    check_text,
    check_texts,
    normalize_text,
    resolve_tokenizer,
)
from ecomops.exceptions import InvalidInputError

__all__ = [
    "BM25_METHODS",
    "DENSITY_METHODS",
    "Bm25Method",
    "DensityMethod",
    "KeywordCoverage",
    "KeywordDensity",
    "bm25_scores",
    "keyword_coverage",
    "keyword_density",
    "tfidf_similarity",
]

_DEFAULT_DELTA = {"bm25l": 0.5, "bm25plus": 1.0}


TextsOrTokens = Sequence[str] | Sequence[Sequence[str]]


# ---------------------------------------------------------------------------
# Corpus building
# ---------------------------------------------------------------------------


def _token_lists(values: Any, name: str, tokenizer: Tokenizer) -> list[list[str]]:
    """Tokenise a sequence of strings, or accept a sequence of token sequences."""
    items = as_sequence(values, name, "strings or of token lists")
    if not items:
        return []
    if isinstance(items[0], str):
        texts = check_texts(items, name)
        return [tokenizer.tokenize(t) for t in texts]
    out: list[list[str]] = []
    for i, item in enumerate(items):
        if isinstance(item, list):
            out.append(item)
        elif isinstance(item, tuple | np.ndarray) or (
            isinstance(item, Sequence) and not isinstance(item, str)
        ):
            out.append(list(item))
        else:
            raise InvalidInputError(
                f"{name} must be all strings or all token lists; item at index {i} is "
                f"{type(item).__name__}"
            )
    # one C-level pass over every token's type; the slow search only on failure
    if not set(map(type, itertools.chain.from_iterable(out))) <= {str, np.str_}:
        for i, tokens in enumerate(out):
            for tok in tokens:
                if not isinstance(tok, str):
                    raise InvalidInputError(
                        f"{name} token lists must hold strings; index {i} holds {tok!r}"
                    )
    return out


def _ids(
    token_lists: list[list[str]], vocab: dict[str, int], *, grow: bool
) -> tuple[IntArray, IntArray]:
    """Row index and term id of every token (unknown terms dropped unless ``grow``)."""
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    flat = list(itertools.chain.from_iterable(token_lists))
    rows = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
    if grow:
        # new terms in order of first appearance (dict.fromkeys runs at C speed)
        start = len(vocab)
        new = [t for t in dict.fromkeys(flat) if t not in vocab]
        vocab.update(zip(new, range(start, start + len(new)), strict=True))
        ids = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))
        return rows, ids
    ids = np.fromiter(map(vocab.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat))
    keep = ids >= 0
    return rows[keep], ids[keep]


def _count_matrix(rows: IntArray, ids: IntArray, shape: tuple[int, int]) -> Any:
    data = np.ones(rows.shape[0], dtype=np.float64)
    mat = sp.csr_array((data, (rows, ids)), shape=shape)
    mat.sum_duplicates()
    return mat


def parse_queries(queries: Any, tokenizer: Tokenizer) -> tuple[list[list[str]], bool]:
    if isinstance(queries, str):
        return [tokenizer.tokenize(check_text(queries, "queries"))], True
    return _token_lists(queries, "queries", tokenizer), False


def check_fields(
    documents: Any, field_weights: Mapping[str, float] | None, b: Any
) -> tuple[dict[str, Any], dict[str, float], dict[str, float]]:
    if isinstance(documents, Mapping):
        if not documents:
            raise InvalidInputError("documents must have at least one field")
        fields = dict(documents)
        for key in fields:
            if not isinstance(key, str):
                raise InvalidInputError(f"documents field names must be strings; got {key!r}")
    else:
        if field_weights is not None:
            raise InvalidInputError(
                "field_weights needs documents as a mapping of field name to texts"
            )
        fields = {"text": documents}
    weights = dict.fromkeys(fields, 1.0)
    if field_weights is not None:
        unknown = sorted(set(field_weights) - set(fields))
        if unknown:
            raise InvalidInputError(f"field_weights names fields that documents lacks: {unknown}")
        weights.update({k: float(v) for k, v in field_weights.items()})
    for k, v in weights.items():
        if not (math.isfinite(v) and v >= 0.0):
            raise InvalidInputError(f"field_weights must be finite and >= 0; {k!r} has {v!r}")
    if not any(v > 0.0 for v in weights.values()):
        raise InvalidInputError("field_weights must have at least one weight > 0")
    if isinstance(b, Mapping):
        if not isinstance(documents, Mapping):
            raise InvalidInputError(
                "b as a mapping of field to value needs documents as a mapping of field "
                "name to texts; pass one number for plain documents"
            )
        unknown = sorted(set(b) - set(fields))
        if unknown:
            raise InvalidInputError(f"b names fields that documents lacks: {unknown}")
        bs = {k: float(b.get(k, 0.75)) for k in fields}
    else:
        bs = dict.fromkeys(fields, b)
    for k, v in bs.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0.0 <= v <= 1.0:
            raise InvalidInputError(f"b must be in [0, 1]; got {v!r} for field {k!r}")
    return fields, weights, {k: float(v) for k, v in bs.items()}


@dataclasses.dataclass(slots=True)
class Corpus:
    """Normalised term frequencies ``c[d, t]``, document frequencies, N."""

    c: Any  # csr_array (n_docs, n_terms)
    df: IntArray
    n_docs: int
    vocab: dict[str, int]


@dataclasses.dataclass(frozen=True, slots=True)
class ParsedField:
    """One field's token counts: term-frequency matrix (rows x vocabulary) and lengths."""

    tf: Any  # csr_array (n_docs, n_terms when parsed; widened as the vocabulary grows)
    lengths: IntArray


def parse_fields(
    fields: dict[str, Any], weights: dict[str, float], vocab: dict[str, int], tokenizer: Tokenizer
) -> tuple[dict[str, tuple[IntArray, IntArray, IntArray]], int]:
    """Token rows, term ids and lengths of each field (``vocab`` grows); the row count."""
    parsed: dict[str, tuple[IntArray, IntArray, IntArray]] = {}
    n_docs: int | None = None
    for name, texts in fields.items():
        lists = _token_lists(texts, f"documents[{name!r}]" if len(fields) > 1 else "documents",
                             tokenizer)  # fmt: skip
        if n_docs is None:
            n_docs = len(lists)
        elif len(lists) != n_docs:
            raise InvalidInputError(
                f"documents fields must have one length; {name!r} has {len(lists)}, "
                f"the first field has {n_docs}"
            )
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        rows, ids = _ids(lists, vocab, grow=weights[name] > 0.0)
        parsed[name] = (rows, ids, lengths)
    return parsed, n_docs or 0


def count_fields(
    parsed: dict[str, tuple[IntArray, IntArray, IntArray]], shape: tuple[int, int]
) -> dict[str, ParsedField]:
    """The term-frequency matrix of each field."""
    return {
        name: ParsedField(_count_matrix(rows, ids, shape), lengths)
        for name, (rows, ids, lengths) in parsed.items()
    }


def weigh_fields(
    counted: dict[str, ParsedField],
    weights: dict[str, float],
    bs: dict[str, float],
    n: int,
    vocab: dict[str, int],
) -> Corpus:
    """Length-normalised, field-weighted term frequencies summed over fields (BM25F)."""
    shape = (n, len(vocab))
    c = sp.csr_array(shape, dtype=np.float64)
    for name, field in counted.items():
        w = weights[name]
        if w <= 0.0:
            continue
        tf, lengths = field.tf, field.lengths
        avg = float(lengths.mean()) if n else 0.0
        ratio = lengths / avg if avg > 0.0 else np.zeros(n)
        norm = (1.0 - bs[name]) + bs[name] * ratio
        # norm == 0 only when b == 1 and the field is empty: no term to scale
        scale = np.divide(w, norm, out=np.zeros(n), where=norm > 0.0)
        c = c + sp.csr_array(tf.multiply(scale[:, None]))
    c = sp.csr_array(c)
    c.sum_duplicates()
    c.eliminate_zeros()
    df = np.bincount(c.indices, minlength=shape[1]).astype(np.int64)
    return Corpus(c=c, df=df, n_docs=n, vocab=vocab)


def _corpus(
    documents: Any, field_weights: Mapping[str, float] | None, b: Any, tokenizer: Tokenizer
) -> Corpus:
    fields, weights, bs = check_fields(documents, field_weights, b)
    vocab: dict[str, int] = {}
    parsed, n = parse_fields(fields, weights, vocab, tokenizer)
    return weigh_fields(count_fields(parsed, (n, len(vocab))), weights, bs, n, vocab)


def _idf(method: str, df: FloatArray, n: int) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "robertson":
            out = np.log((n - df + 0.5) / (df + 0.5))
        elif method == "lucene":
            out = np.log1p((n - df + 0.5) / (df + 0.5))
        elif method == "atire":
            out = np.log(n / df)
        elif method == "bm25l":
            out = np.log((n + 1.0) / (df + 0.5))
        else:  # bm25plus
            out = np.log((n + 1.0) / df)
    return np.asarray(out, dtype=np.float64)


def _tfc(method: str, c: FloatArray, k1: float, delta: float) -> FloatArray:
    if method in ("robertson", "lucene"):
        return c / (k1 + c)
    if method == "atire":
        return (k1 + 1.0) * c / (k1 + c)
    if method == "bm25l":
        return (k1 + 1.0) * (c + delta) / (k1 + c + delta)
    return (k1 + 1.0) * c / (k1 + c) + delta


def check_bm25_parameters(method: Any, k1: Any, delta: Any) -> float:
    """Check the method, ``k1`` and ``delta``; return the lower bound delta in use."""
    check_option(method, "method", BM25_METHODS)
    if (
        isinstance(k1, bool)
        or not isinstance(k1, int | float)
        or not (math.isfinite(k1) and k1 >= 0.0)
    ):
        raise InvalidInputError(f"k1 must be a finite number >= 0; got {k1!r}")
    if delta is None:
        return _DEFAULT_DELTA.get(method, 0.0)
    if (
        isinstance(delta, bool)
        or not isinstance(delta, int | float)
        or not (math.isfinite(delta) and delta >= 0.0)
    ):
        raise InvalidInputError(f"delta must be a finite number >= 0; got {delta!r}")
    return float(delta)


def term_weights(corpus: Corpus, method: str, k1: float, delta: float) -> Any:
    """The BM25 weight ``idf(t) f(c[d, t])`` of every posting, as a CSR matrix."""
    c = corpus.c
    idf = _idf(method, corpus.df.astype(np.float64), corpus.n_docs)
    return sp.csr_array(
        (idf[c.indices] * _tfc(method, c.data, k1, delta), c.indices, c.indptr), shape=c.shape
    )


def query_matrix(lists: list[list[str]], vocab: dict[str, int]) -> Any:
    rows, ids = _ids(lists, vocab, grow=False)
    return _count_matrix(rows, ids, (len(lists), len(vocab)))


def bm25_scores(
    queries: str | TextsOrTokens,
    documents: TextsOrTokens | Mapping[str, TextsOrTokens],
    *,
    method: Bm25Method = "lucene",
    k1: float = 1.2,
    b: float | Mapping[str, float] = 0.75,
    delta: float | None = None,
    field_weights: Mapping[str, float] | None = None,
    tokenizer: Tokenizer | None = None,
) -> FloatArray:
    r"""Okapi BM25 relevance of every document to every query (BM25F with fields).

    $$
    S(q, d) = \sum_{t \in q} n_{q,t}\; \mathrm{idf}(t)\; f(c_{d,t}),
    \qquad c_{d,t} = \sum_{\phi} \frac{w_\phi\, \mathrm{tf}_{\phi,d,t}}
    {1 - b_\phi + b_\phi\, L_{\phi,d} / \bar L_\phi}
    $$

    $n_{q,t}$ is how often term $t$ occurs in the query (repeats
    count linearly, $k_3 = \infty$), $c_{d,t}$ the length-normalised
    term frequency summed over fields $\phi$ with weights
    $w_\phi$ (BM25F; one field of weight 1 is plain BM25, since
    $\mathrm{tf}/(k_1 B + \mathrm{tf}) = c/(k_1 + c)$), $L$ a
    field's length in tokens, $N$ the number of documents and
    $\mathrm{df}$ a term's document frequency. Terms absent from a
    document contribute 0 in every method ($f$ is applied where
    $\mathrm{tf} > 0$ only).

    | method | $\mathrm{idf}(t)$ | $f(c)$ |
    |---|---|---|
    | `robertson` | $\ln\frac{N-df+0.5}{df+0.5}$ | $c/(k_1 + c)$ |
    | `lucene` | $\ln(1+\frac{N-df+0.5}{df+0.5})$ | $c/(k_1 + c)$ |
    | `atire` | $\ln\frac{N}{df}$ | $(k_1+1)c/(k_1+c)$ |
    | `bm25l` | $\ln\frac{N+1}{df+0.5}$ | $(k_1+1)(c+\delta)/(k_1+c+\delta)$ |
    | `bm25plus` | $\ln\frac{N+1}{df}$ | $(k_1+1)c/(k_1+c)+\delta$ |

    Parameters
    ----------
    queries : str, sequence of str, or sequence of token lists
        One query (1-D result) or a batch (2-D result). Strings are tokenised
        with ``tokenizer``; token lists are used as they are. [-]
    documents : sequence of str or of token lists, or mapping of field to one
        The documents (listing titles), or several fields of equal length,
        e.g. ``{"title": titles, "description": texts}``. [-]
    method : {"lucene", "robertson", "atire", "bm25l", "bm25plus"}
        Formula variant (table above). Default ``"lucene"``: its idf is
        positive and decreasing in df for every df, unlike Robertson's, which
        is 0 at df = N/2 and negative beyond. [-]
    k1 : float
        Term-frequency saturation, ``>= 0``. Default 1.2 (Robertson and
        Zaragoza 2009, §3.4.3: 1.2-2.0). [-]
    b : float or mapping of field to float
        Length normalisation in [0, 1], one value or one per field. Default 0.75. [-]
    delta : float, optional
        Lower bound of BM25L/BM25+ (ignored by the others), ``>= 0``; default
        0.5 for ``bm25l`` and 1.0 for ``bm25plus`` (Lv and Zhai 2011). [-]
    field_weights : mapping of field to float, optional
        BM25F field weights ``>= 0`` (missing fields weigh 1), e.g.
        ``{"title": 3.0, "description": 1.0}``. Needs mapping ``documents``. [-]
    tokenizer : Tokenizer, optional
        Default [`default_tokenizer`][ecomops.seo.default_tokenizer]. [-]

    Returns
    -------
    ndarray of float64
        Shape ``(n_documents,)`` for one query string, else
        ``(n_queries, n_documents)``. [-]

    Raises
    ------
    InvalidInputError
        Non-string texts, an unknown method, parameters out of range, or
        fields of unequal length.

    Notes
    -----
    Empty and all-stopword documents score 0 for every query, and so do
    queries with no term found in any document; with no documents the result
    has zero columns. Lengths are exact token counts (the "Lucene accurate"
    variant of Kamphuis et al. 2020; Lucene itself stores lossy 1-byte lengths).
    Cost: one sparse product, linear in the postings of the query terms.

    Two behaviours of ``rank_bm25`` 0.2.2 are deliberately not reproduced: its
    ``BM25Okapi`` replaces negative idf by ``0.25 * mean idf`` but leaves a term
    found in exactly half the documents at idf 0, so such a term scores less
    than a more common one; and its ``BM25L`` multiplies the formula by the term
    frequency once more. ``bm25s`` adds the BM25L/BM25+ lower bound for query
    terms absent from a document as well (a per-query constant); here absent
    terms add nothing, as in Lv and Zhai's sum over $q \cap d$.

    References
    ----------
    1. Robertson, S. and Zaragoza, H. (2009), "The probabilistic relevance
       framework: BM25 and beyond", *Foundations and Trends in Information
       Retrieval* 3(4), 333-389, doi:10.1561/1500000019 (eq. 3.15; BM25F §4).
    2. Trotman, A., Puurula, A. and Burgess, B. (2014), "Improvements to
       BM25 and language models examined", ADCS '14, 58-65,
       doi:10.1145/2682862.2682863 (ATIRE idf ln(N/df)).
    3. Lv, Y. and Zhai, C. (2011), "When documents are very long, BM25
       fails!", SIGIR '11, 1103-1104, doi:10.1145/2009916.2010070 (BM25L), and
       "Lower-bounding term frequency normalization", CIKM '11, 7-16,
       doi:10.1145/2063576.2063584 (BM25+).
    4. Kamphuis, C., de Vries, A. P., Boytsov, L. and Lin, J. (2020),
       "Which BM25 do you mean? A large-scale reproducibility study of scoring
       variants", ECIR 2020, doi:10.1007/978-3-030-45442-5_4 (the variant table).
    5. Robertson, S., Zaragoza, H. and Taylor, M. (2004), "Simple BM25
       extension to multiple weighted fields", CIKM '04, 42-49,
       doi:10.1145/1031171.1031181.

    Examples
    --------
    >>> titles = ["wireless earbuds noise cancelling", "wired earphones",
    ...           "wireless charger", "yoga mat"]
    >>> bm25_scores("wireless earbuds", titles).round(4)
    array([0.6924, 0.    , 0.3431, 0.    ])
    >>> bm25_scores(["yoga", "mat yoga"], titles, method="atire").round(4)
    array([[0.    , 0.    , 0.    , 1.5098],
           [0.    , 0.    , 0.    , 3.0197]])
    >>> bm25_scores("earbuds", {"title": titles, "description": ["", "", "", "earbuds"]},
    ...             field_weights={"title": 3.0}).round(4)
    array([0.4387, 0.    , 0.    , 0.1415])
    """
    d = check_bm25_parameters(method, k1, delta)
    tok = resolve_tokenizer(tokenizer)
    corpus = _corpus(documents, field_weights, b, tok)
    qlists, single = parse_queries(queries, tok)
    q = query_matrix(qlists, corpus.vocab)
    weights = term_weights(corpus, method, float(k1), d)
    if corpus.n_docs == 0 or weights.shape[1] == 0:
        out = np.zeros((len(qlists), corpus.n_docs))
    else:
        out = np.asarray((q @ weights.T).toarray(), dtype=np.float64)
    return out[0] if single else out


def tfidf_similarity(
    queries: str | TextsOrTokens,
    documents: TextsOrTokens,
    *,
    sublinear_tf: bool = False,
    tokenizer: Tokenizer | None = None,
) -> FloatArray:
    r"""Cosine similarity of TF-IDF vectors of queries and documents, in [0, 1].

    $$
    \mathrm{sim}(q, d) = \frac{\mathbf q \cdot \mathbf d}
    {\lVert\mathbf q\rVert\,\lVert\mathbf d\rVert}, \qquad
    x_t = \mathrm{tf}_t \cdot \Bigl(\ln\frac{1 + N}{1 + \mathrm{df}_t} + 1\Bigr)
    $$

    The idf is the smoothed one (as if one extra document held every term),
    fitted on the documents; query terms absent from every document are
    dropped. With ``sublinear_tf``, $\mathrm{tf}$ is replaced by
    $1 + \ln \mathrm{tf}$.

    Parameters
    ----------
    queries : str, sequence of str, or sequence of token lists
        One query (1-D result) or several (2-D result). [-]
    documents : sequence of str or of token lists
        The documents. [-]
    sublinear_tf : bool
        Use $1 + \ln \mathrm{tf}$. [-]
    tokenizer : Tokenizer, optional
        Default [`default_tokenizer`][ecomops.seo.default_tokenizer]. [-]

    Returns
    -------
    ndarray of float64
        Similarities in [0, 1]; 0 for an empty query or document. [-]

    Raises
    ------
    InvalidInputError
        Non-string texts.

    References
    ----------
    1. Salton, G. and Buckley, C. (1988), "Term-weighting approaches in
       automatic text retrieval", *Information Processing & Management* 24(5),
       513-523, doi:10.1016/0306-4573(88)90021-0.
    2. Manning, C. D., Raghavan, P. and Schütze, H. (2008), *Introduction
       to Information Retrieval*, Cambridge University Press, §6.2-6.3.
    3. scikit-learn ``TfidfVectorizer(smooth_idf=True, norm="l2")`` (the
       same smoothed idf).

    Examples
    --------
    >>> docs = ["green tea loose leaf", "green tea set", "yoga mat"]
    >>> tfidf_similarity("green tea", docs).round(4)
    array([0.6053, 0.7324, 0.    ])
    """
    sublinear_tf = check_flag(sublinear_tf, "sublinear_tf")
    tok = resolve_tokenizer(tokenizer)
    dlists = _token_lists(documents, "documents", tok)
    vocab: dict[str, int] = {}
    rows, ids = _ids(dlists, vocab, grow=True)
    n = len(dlists)
    x = _count_matrix(rows, ids, (n, len(vocab)))
    qlists, single = parse_queries(queries, tok)
    q = query_matrix(qlists, vocab)
    df = np.bincount(x.indices, minlength=len(vocab)).astype(np.float64)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0

    def weigh(m: Any) -> Any:
        data = 1.0 + np.log(m.data) if sublinear_tf else m.data
        w = sp.csr_array((data * idf[m.indices], m.indices, m.indptr), shape=m.shape)
        norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
        inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sp.csr_array(w.multiply(inv[:, None]))

    if n == 0 or not vocab:
        out = np.zeros((len(qlists), n))
    else:
        out = np.asarray((weigh(q) @ weigh(x).T).toarray(), dtype=np.float64)
        np.clip(out, 0.0, 1.0, out=out)
    return out[0] if single else out


# ---------------------------------------------------------------------------
# Coverage and density
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class KeywordCoverage(Result):
    """Which target keywords each listing title contains.

    Attributes
    ----------
    covered : ndarray of bool, shape (n_titles, n_keywords)
        True where the title contains the keyword. [-]
    keywords : tuple of str
        The keywords, in column order. [-]
    keywords_per_title : ndarray of int64
        Keywords each title covers. [keywords]
    titles_per_keyword : ndarray of int64
        Titles covering each keyword. [titles]
    match : str
        ``"all_words"`` or ``"phrase"``. [-]

    References
    ----------
    1. See [`keyword_coverage`][ecomops.seo.keyword_coverage].

    Examples
    --------
    >>> cov = keyword_coverage(["green tea set", "yoga mat"], ["green tea", "mat"])
    >>> cov.keywords_per_title, cov.titles_per_keyword
    (array([1, 1]), array([1, 1]))
    """

    covered: BoolArray
    keywords: tuple[str, ...]
    keywords_per_title: IntArray
    titles_per_keyword: IntArray
    match: str

    def missing(self, title_index: int) -> list[str]:
        """The keywords the title at row ``title_index`` does not contain.

        Examples
        --------
        >>> cov = keyword_coverage(["green tea gift set"], ["green tea", "tea cup"])
        >>> cov.missing(0)
        ['tea cup']
        """
        return self._keywords_of(title_index, covered=False)

    def present(self, title_index: int) -> list[str]:
        """The keywords the title at row ``title_index`` contains.

        Examples
        --------
        >>> cov = keyword_coverage(["green tea gift set"], ["green tea", "tea cup"])
        >>> cov.present(0)
        ['green tea']
        """
        return self._keywords_of(title_index, covered=True)

    def _keywords_of(self, title_index: int, *, covered: bool) -> list[str]:
        index = check_index(title_index, "title_index", self.covered.shape[0])
        row = self.covered[index].tolist()
        return [k for k, hit in zip(self.keywords, row, strict=True) if hit == covered]


def _contains_phrase(hay: list[str], needle: list[str]) -> bool:
    m = len(needle)
    first = needle[0]
    return any(hay[i] == first and hay[i : i + m] == needle for i in range(len(hay) - m + 1))


def keyword_coverage(
    titles: Sequence[str],
    keywords: Sequence[str],
    *,
    match: CoverageMatch = "all_words",
    tokenizer: Tokenizer | None = None,
) -> KeywordCoverage:
    r"""Which target keywords each listing contains, after tokenisation.

    A title covers a keyword when every token of the keyword occurs in the
    title (``match="all_words"``, in any order: marketplace search matches
    words anywhere in a title) or when the keyword's tokens occur contiguously
    and in order (``match="phrase"``). A keyword with no tokens (empty or all
    stopwords) is covered by no title.

    Parameters
    ----------
    titles : sequence of str
        Listing titles. [-]
    keywords : sequence of str
        Target keywords. [-]
    match : {"all_words", "phrase"}
        Matching rule. [-]
    tokenizer : Tokenizer, optional
        Default [`default_tokenizer`][ecomops.seo.default_tokenizer] (use one
        [`ChineseTokenizer`][ecomops.seo.ChineseTokenizer] with your product words for Chinese). [-]

    Returns
    -------
    KeywordCoverage
        The coverage matrix and its counts.

    Raises
    ------
    InvalidInputError
        Non-string titles or keywords, or an unknown ``match``.

    Notes
    -----
    ``all_words`` is one sparse product (titles × keywords over the
    vocabulary); ``phrase`` then checks order only for the pairs that pass it.

    References
    ----------
    1. Manning, C. D., Raghavan, P. and Schütze, H. (2008), *Introduction
       to Information Retrieval*, Cambridge University Press, §1.3 (Boolean AND
       by posting-list intersection) and §2.4 (phrase queries).

    Examples
    --------
    >>> cov = keyword_coverage(
    ...     ["Wireless Earbuds, Noise Cancelling", "earbuds wireless charger"],
    ...     ["wireless earbuds", "noise cancelling earbuds", "charger"],
    ... )
    >>> cov.covered
    array([[ True,  True, False],
           [ True, False,  True]])
    >>> keyword_coverage(["earbuds wireless charger"], ["wireless earbuds"],
    ...                  match="phrase").covered
    array([[False]])
    """
    check_option(match, "match", COVERAGE_MATCHES)
    tok = resolve_tokenizer(tokenizer)
    title_texts = check_texts(titles, "titles")
    keyword_texts = check_texts(keywords, "keywords")
    tlists = [tok.tokenize(t) for t in title_texts]
    klists = [tok.tokenize(k) for k in keyword_texts]
    vocab: dict[str, int] = {}
    rows, ids = _ids(tlists, vocab, grow=True)
    n_t, n_k = len(tlists), len(klists)
    t_bin = _count_matrix(rows, ids, (n_t, len(vocab)))
    t_bin.data[:] = 1.0
    need = np.fromiter((len(set(k)) for k in klists), dtype=np.int64, count=n_k)
    krows, kids = _ids(klists, vocab, grow=False)
    k_bin = _count_matrix(krows, kids, (n_k, len(vocab)))
    k_bin.data[:] = 1.0
    covered = np.zeros((n_t, n_k), dtype=bool)
    if n_t and n_k and len(vocab):
        shared = sp.coo_array(t_bin @ k_bin.T)
        hit = (shared.data == need[shared.col]) & (need[shared.col] > 0)
        r, col = shared.row[hit], shared.col[hit]
        if match == "phrase":
            keep = np.fromiter(
                (_contains_phrase(tlists[i], klists[j]) for i, j in zip(r.tolist(), col.tolist(),
                                                                        strict=True)),
                dtype=bool,
                count=r.shape[0],
            )  # fmt: skip
            r, col = r[keep], col[keep]
        covered[r, col] = True
    return KeywordCoverage(
        covered=covered,
        keywords=tuple(keyword_texts),
        keywords_per_title=covered.sum(axis=1).astype(np.int64),
        titles_per_keyword=covered.sum(axis=0).astype(np.int64),
        match=match,
    )


@dataclasses.dataclass(frozen=True, slots=True, repr=False)
class KeywordDensity(Result):
    """Keyword density of one text or of several, with a stuffing flag.

    Attributes
    ----------
    density : float or ndarray
        Density under ``method``, in [0, 1] for the per-word methods of a
        one-word keyword. [fraction]
    occurrences : int or ndarray
        Non-overlapping occurrences of the keyword. [count]
    text_length : int or ndarray
        Length of the text in what the method counts: tokens for the per-word
        methods, characters (spaces removed) for ``keyword_chars_per_char``. [count]
    stuffing : bool or ndarray
        ``density > density_threshold``. [-]
    method : str
        The density formula used. [-]
    density_threshold : float
        The stuffing threshold. [fraction]

    References
    ----------
    1. See [`keyword_density`][ecomops.seo.keyword_density].

    Examples
    --------
    >>> res = keyword_density(["tea tea cup", "cup"], "tea", method="occurrences_per_word")
    >>> res.occurrences, res.stuffing
    (array([2, 0]), array([ True, False]))
    """

    density: float | FloatArray
    occurrences: float | FloatArray
    text_length: float | FloatArray
    stuffing: bool | BoolArray
    method: str
    density_threshold: float


def _count_phrase(hay: list[str], needle: list[str]) -> int:
    m, i, count, n = len(needle), 0, 0, len(hay)
    while i + m <= n:
        if hay[i : i + m] == needle:
            count += 1
            i += m
        else:
            i += 1
    return count


def _density_one(
    text: str, kw_tokens: list[str], kw_chars: str, method: str, tok: Tokenizer
) -> tuple[float, int, int]:
    if method == "keyword_chars_per_char":
        hay = "".join(normalize_text(text).split())
        total = len(hay)
        occ = hay.count(kw_chars)
        share = occ * len(kw_chars)
    else:
        tokens = tok.tokenize(text)
        total = len(tokens)
        occ = _count_phrase(tokens, kw_tokens)
        share = occ * (len(kw_tokens) if method == "keyword_words_per_word" else 1)
    return (share / total if total else 0.0), occ, total


def keyword_density(
    text: str | Sequence[str],
    keyword: str,
    *,
    method: DensityMethod,
    density_threshold: float = 0.03,
    tokenizer: Tokenizer | None = None,
) -> KeywordDensity:
    r"""Keyword density under an explicit formula, and a stuffing flag.

    Three formulas are in common use and differ by the keyword's length:

    | method | density |
    |---|---|
    | `occurrences_per_word` | $n_\text{occ} / N_\text{words}$ |
    | `keyword_words_per_word` | $n_\text{occ} \cdot k_\text{words} / N_\text{words}$ |
    | `keyword_chars_per_char` | $n_\text{occ} \cdot k_\text{chars} / N_\text{chars}$ |

    The first is Yoast's; the second is the share of the words that belong to
    the keyword; the third counts characters with spaces removed (the measure
    for Chinese, which has no word spaces).

    For a two-word keyword the second is twice the first. Occurrences are
    non-overlapping: contiguous keyword tokens for the per-word methods,
    substrings of the normalised text for the per-character one.

    Parameters
    ----------
    text : str or sequence of str
        Title or copy, or several. [-]
    keyword : str
        The keyword (a phrase is matched as a whole). [-]
    method : {"occurrences_per_word", "keyword_words_per_word", "keyword_chars_per_char"}
        Required: there is no neutral default. [-]
    density_threshold : float
        Density above which the text counts as stuffed, in (0, 1]. Default
        0.03, Yoast SEO's upper bound of the recommended keyphrase density
        (0.5%-3%, ``occurrences_per_word``). [fraction]
    tokenizer : Tokenizer, optional
        Default [`default_tokenizer`][ecomops.seo.default_tokenizer]. [-]

    Returns
    -------
    KeywordDensity
        Scalars for one text, arrays for a sequence.

    Raises
    ------
    InvalidInputError
        A keyword with no tokens (empty or all stopwords), non-string input, an
        unknown method or a density threshold outside (0, 1].

    Notes
    -----
    An empty text has density 0 (never a division by zero).

    References
    ----------
    1. Yoast SEO, "Keyphrase density: what is it and how to use it"
       (occurrences of the keyphrase per word, recommended 0.5%-3%).
    2. Wikipedia, "Keyword density": $(N_{kr} \cdot N_{wp} / T_{kn})
       \cdot 100$, repeats times words per phrase over total words (the
       ``keyword_words_per_word`` method).

    Examples
    --------
    >>> copy = "organic green tea. our green tea is loose leaf green tea from yunnan"
    >>> for m in ("occurrences_per_word", "keyword_words_per_word"):
    ...     print(m, round(keyword_density(copy, "green tea", method=m).density, 4))
    occurrences_per_word 0.2727
    keyword_words_per_word 0.5455
    >>> res = keyword_density("连衣裙夏季连衣裙女", "连衣裙", method="keyword_chars_per_char")
    >>> res.density, res.occurrences, bool(res.stuffing)
    (0.6666666666666666, 2, True)
    """
    check_option(method, "method", DENSITY_METHODS)
    if (
        isinstance(density_threshold, bool)
        or not isinstance(density_threshold, int | float)
        or not (0.0 < density_threshold <= 1.0)
    ):
        raise InvalidInputError(f"density_threshold must be in (0, 1]; got {density_threshold!r}")
    check_text(keyword, "keyword")
    tok = resolve_tokenizer(tokenizer)
    kw_tokens = tok.tokenize(keyword)
    kw_chars = "".join(normalize_text(keyword).split())
    if (method == "keyword_chars_per_char" and not kw_chars) or (
        method != "keyword_chars_per_char" and not kw_tokens
    ):
        raise InvalidInputError(
            f"keyword must have at least one token after tokenisation; got {keyword!r}"
        )
    if isinstance(text, str):
        dens, occ, length = _density_one(check_text(text, "text"), kw_tokens, kw_chars, method, tok)
        return KeywordDensity(
            dens, occ, length, dens > density_threshold, method, float(density_threshold)
        )
    texts = check_texts(text, "text")
    rows = [_density_one(t, kw_tokens, kw_chars, method, tok) for t in texts]
    density = np.array([r[0] for r in rows], dtype=np.float64)
    return KeywordDensity(
        density=density,
        occurrences=np.array([r[1] for r in rows], dtype=np.int64),
        text_length=np.array([r[2] for r in rows], dtype=np.int64),
        stuffing=density > density_threshold,
        method=method,
        density_threshold=float(density_threshold),
    )
