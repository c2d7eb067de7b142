"""The API reference renders docstrings as Markdown: no Sphinx markup may be left in them.

mkdocstrings prints reStructuredText roles and directives literally, so every
public object's docstring (and those of its public methods) must use the
Markdown forms: ``$x$`` and ``$$ ... $$`` math, ``[`name`][ecomops.module.name]``
cross-references or code spans, numbered reference lists and ``[1]`` markers.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import inspect
import os
import pathlib
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from types import ModuleType

import pytest

MODULES = [
    "money",
    "pricing",
    "inventory",
    "funnel",
    "segmentation",
    "logistics",
    "seo",
    "frames",
    "datasets",
    "exceptions",
]

SPHINX_MARKUP = re.compile(
    r":(?:math|func|class|meth|mod|attr|data):`"  # roles
    r"|\[\d+\]_"  # citation markers
    r"|\.\.\s+math::"  # math directive
    r"|^\s*\.\.\s+\[\d+\]",  # citation targets
    re.MULTILINE,
)


def _own(obj: object) -> bool:
    return str(getattr(obj, "__module__", "") or "").startswith("ecomops")


def _member_function(value: object) -> object | None:
    """The function behind a class attribute (method, property, cached property), or None."""
    if isinstance(value, (staticmethod, classmethod)):
        return value.__func__
    if isinstance(value, property):
        return value.fget
    func = getattr(value, "func", None)  # functools.cached_property
    if func is not None and inspect.isfunction(func):
        return func
    return value if inspect.isfunction(value) else None


def _docstrings(module: ModuleType) -> Iterator[tuple[str, str]]:
    """(qualified name, docstring) of the module, its public objects and their public members."""
    prefix = module.__name__
    yield prefix, module.__doc__ or ""
    for name in module.__all__:
        obj = getattr(module, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)) or not _own(obj):
            continue
        yield f"{prefix}.{name}", obj.__doc__ or ""
        if not inspect.isclass(obj):
            continue
        # the public members it defines or inherits from ecomops bases (a table's
        # to_pandas is shown on every result page that links to it)
        for klass in (k for k in obj.__mro__ if _own(k)):
            for attr, value in vars(klass).items():
                if attr.startswith("_"):
                    continue
                func = _member_function(value)
                if func is not None:
                    yield f"{prefix}.{name}.{attr}", getattr(func, "__doc__", None) or ""


def test_the_pattern_catches_sphinx_markup() -> None:
    for text in (
        "see :func:`f`",
        "with :math:`x`",
        "as in [1]_.",
        "    .. math:: x = 1",
        "    .. [1] Author (2000)",
    ):
        assert SPHINX_MARKUP.search(text), text
    for text in ("see [`f`][ecomops.seo.f]", "with $x$", "as in [1].", "    1. Author (2000)"):
        assert not SPHINX_MARKUP.search(text), text


@pytest.mark.parametrize("name", MODULES)
def test_docstrings_have_no_sphinx_markup(name: str) -> None:
    module = importlib.import_module(f"ecomops.{name}")
    found = [
        f"{qualname}: {match.group(0).strip()!r}"
        for qualname, doc in _docstrings(module)
        for match in [SPHINX_MARKUP.search(doc)]
        if match
    ]
    assert not found, "Sphinx markup the API reference prints literally:\n" + "\n".join(found)


# ---------------------------------------------------------------------------
# The built site: formulas as MathML, nothing from the network, no private
# bases, no unrendered role, guide pages linking the names they mention.
# ---------------------------------------------------------------------------

ROOT = pathlib.Path(__file__).resolve().parents[1]
HOOK = ROOT / "docs" / "hooks" / "mathml.py"
UNRENDERED = re.compile(r":(?:math|func|class|meth|mod|attr|data):`|\[\d+\]_")
# a resource the browser fetches (not a link the reader may follow)
EXTERNAL = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(?:https?:)?//"
    r"|<link\b[^>]*\bhref=\"(?:https?:)?//"
    r"|@import\s+url\(\"?(?:https?:)?//"
)
FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
BASES = re.compile(r"Bases:(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
# inline code, with whether an <a> opens right before it
INLINE_CODE = re.compile(r"(<a [^>]*>)?<code>([^<]*)</code>")
HEADING = re.compile(r"<h[1-6][^>]*>.*?</h[1-6]>", re.S)
PRE = re.compile(r"<pre\b.*?</pre>", re.S)


def _load_hook() -> ModuleType:
    pytest.importorskip("latex2mathml")
    spec = importlib.util.spec_from_file_location("ecomops_docs_mathml", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The built documentation: ``$ECOMOPS_DOCS_SITE`` if set, else a fresh strict build."""
    given = os.environ.get("ECOMOPS_DOCS_SITE")
    if given:
        return pathlib.Path(given)
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    pytest.importorskip("material")
    pytest.importorskip("latex2mathml")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def _pages(site: pathlib.Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
    }


def _public_names() -> dict[str, str]:
    """Every public name of the documented modules (and Class.member), by reference id."""
    names: dict[str, str] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"ecomops.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            names.setdefault(name, f"ecomops.{module_name}.{name}")
            if inspect.isclass(obj):
                for attr in dir(obj):
                    if not attr.startswith("_"):
                        names.setdefault(f"{name}.{attr}", f"ecomops.{module_name}.{name}.{attr}")
    return names


def test_the_math_hook_converts_and_refuses() -> None:
    hook = _load_hook()
    html_in = (
        '<p><span class="arithmatex">\\(x &lt; \\sqrt{2}\\)</span></p>'
        '<div class="arithmatex">\\[\\arg\\min_s \\text{recency\\_days}\\]</div>'
    )
    html_out, failures = hook.convert_html(html_in)
    assert failures == []
    assert html_out.count("<math") == 2
    assert "<msqrt>" in html_out
    assert 'display="block"' in html_out
    assert "\\" not in TAG.sub("", html_out)
    _, failures = hook.convert_html('<span class="arithmatex">\\(\\nosuchcommand{x}\\)</span>')
    assert len(failures) == 1
    assert "nosuchcommand" in failures[0]


def test_the_math_hook_fails_the_build_listing_the_formula() -> None:
    hook = _load_hook()
    exceptions = pytest.importorskip("mkdocs.exceptions")
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="guide/x.md"))
    hook.on_pre_build(None)
    hook.on_page_content('<span class="arithmatex">\\(\\nosuch{x}\\)</span>', page, None, None)
    with pytest.raises(exceptions.PluginError, match=r"guide/x.md: \$\\nosuch\{x\}\$"):
        hook.on_post_build(None)
    hook.on_pre_build(None)  # a new build starts clean
    hook.on_post_build(None)


def test_every_formula_is_mathml(site: pathlib.Path) -> None:
    left = [
        f"{page}: {TAG.sub('', body)[:80]!r}"
        for page, text in _pages(site).items()
        for _, body in FORMULA.findall(text)
        if not body.lstrip().startswith("<math")
    ]
    assert not left, "formulas not converted to MathML:\n" + "\n".join(left)
    assert any(FORMULA.search(text) for text in _pages(site).values())


def test_no_page_loads_anything_from_the_network(site: pathlib.Path) -> None:
    found = [
        f"{page}: {m.group(0)}"
        for page, text in _pages(site).items()
        for m in EXTERNAL.finditer(text)
    ]
    found += [
        f"{p.relative_to(site)}: {m.group(0)}"
        for p in site.rglob("*.css")
        for m in EXTERNAL.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not found, "pages load resources from the network:\n" + "\n".join(found[:20])
    assert not list(site.rglob("mathjax*.js"))


def test_no_private_bases(site: pathlib.Path) -> None:
    found = [
        f"{page}: Bases:{TAG.sub('', m.group(1)).strip()}"
        for page, text in _pages(site).items()
        for m in BASES.finditer(text)
        if re.search(r"(?:^|[\s,.(])_\w", TAG.sub("", m.group(1)))
    ]
    assert not found, "private base classes shown:\n" + "\n".join(found)


def test_no_unrendered_role_in_built_pages(site: pathlib.Path) -> None:
    found = [
        f"{page}: {m.group(0)!r}"
        for page, text in _pages(site).items()
        for m in UNRENDERED.finditer(PRE.sub("", text))
    ]
    assert not found, "unrendered roles:\n" + "\n".join(found[:40])


def test_guides_link_the_names_they_mention(site: pathlib.Path) -> None:
    """A public function or class written as inline code in a guide links to its entry."""
    names = _public_names()
    found = []
    for page, text in _pages(site).items():
        if not page.startswith("guide/"):
            continue
        body = HEADING.sub("", PRE.sub("", text))
        for link, code in INLINE_CODE.findall(body):
            name = html.unescape(code).split("(", 1)[0]
            if name in names and not link:
                found.append(f"{page}: `{code}` (-> {names[name]})")
    assert not found, "guide mentions without a link:\n" + "\n".join(found)
