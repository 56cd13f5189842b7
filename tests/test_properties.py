"""Property tests (derandomized so that CI runs are repeatable; bench/fuzz.py explores at
random): whatever the input, the loader returns a model or located problems (never an
exception); whatever validates also builds, with and without PDFs; sanitised Markdown never
carries script, event handlers or dangerous schemes; output paths never leave the output
folder."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from site_gen.build.pipeline import BuildOptions, build
from site_gen.build.write import OutputTree
from site_gen.errors import BuildError, ContentError
from site_gen.load import load_site
from site_gen.load.convert import Converter
from site_gen.load.validate import convert_document
from site_gen.load.yamlsrc import parse
from site_gen.markdown import MarkdownError, render
from tests.conftest import write_site
from tests.fixtures_base import COMPLETION, NARRATIVE, PROGRESS, PROJECTS, SERIES

BASES = [COMPLETION, NARRATIVE, PROGRESS, PROJECTS, SERIES]
YAML_BITS = [":", " ", "\n", "-", "  ", "&a", "*a", "!!", "'", '"', "[", "]", "{", "}", "#", "|", ">", "%", "@",
             "\t", "\x00", "yes", "no", "010", "1e3", "2024-02-30", "~", "null", "★", "万元", ">=85%", "<<"]  # fmt: skip


def load_text(data: bytes) -> list:
    root, problems = parse("content/2020/x.yaml", data)
    if root is None:
        assert problems and all(p.location.file == "content/2020/x.yaml" for p in problems)
        return problems
    conv = Converter("content/2020/x.yaml")
    convert_document(conv, root)
    for problem in problems + conv.problems:
        assert problem.location.file == "content/2020/x.yaml" and problem.message
    return problems + conv.problems


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_model_or_located_problems(data: bytes) -> None:
    load_text(data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.sampled_from(BASES),
    st.lists(
        st.tuples(st.integers(0, 2000), st.sampled_from(YAML_BITS) | st.text(max_size=5)),
        max_size=6,
    ),
)
def test_mutated_documents_never_raise(base: str, edits: list[tuple[int, str]]) -> None:
    text = base
    for position, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    load_text(text.encode("utf-8", "surrogatepass"))


DANGER = ["<script>", "</script>", "onerror=", "onclick=", "javascript:", "data:text", "vbscript:", "file:", "<iframe",
          "<img", "<style>", "{: ", "[x](", "](", "<a href='", '<a href="', "<svg onload=", "&#106;avascript:", " ", "\n"]  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(DANGER) | st.text(max_size=8), max_size=25))
@example(['<a href="', "javascript:", '<a href="'])  # stays escaped text: no element at all
@example(["[x](", " jav\tascript:alert(1)", ")"])
def test_sanitised_markdown_has_no_active_content(parts: list[str]) -> None:
    try:
        html = render("".join(parts))
    except MarkdownError:
        return
    assert not re.search(r"<\s*(script|iframe|style|img|svg|object|embed)", html, re.I)
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", html, re.I)  # in a tag, not in escaped text
    for href in re.findall(r'<a\s[^>]*href="([^"]*)"', html):  # real links, not escaped text
        assert not re.match(r"\s*(javascript|vbscript|data|file):", href, re.I)


@pytest.mark.slow
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=30))
def test_output_paths_stay_inside_the_output(route: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tree = OutputTree(Path(tmp) / "out")
        try:
            target = tree.path_for(route)
        except BuildError:
            tree.abort()
            return
        assert tree.staging.resolve() in target.resolve().parents
        tree.abort()


# ---------------------------------------------------------------- validates ⇒ builds (issue 16)
# Any value may go into any field: hostile text, huge figures, nesting, control characters.
# Whatever `validate` accepts, `build` must build; whatever it refuses, it refuses with places.
FIELD_LINE = re.compile(r"^(\s*(?:- )?)(\w+): (?![|>]\s*$)(.+)$", re.M)
NASTY = ["<b ", "[a", "]", "- ", "> ", "**", "`", "9" * 30, "0.0000001", "-1", "1e999", "\u202e",
         "\x07", "\u3000", "★", "≥", "<=", "%", "万元", "{{ 7*7 }}", "&amp;", "\\", '"', "#"]  # fmt: skip
YEARS = {COMPLETION: 2020, NARRATIVE: 2022, PROGRESS: 2018, PROJECTS: 2021, SERIES: 2024}


def _mutated(base: str, choices: list[tuple[int, str]]) -> str:
    """Replace the values of some `key: value` lines by the given texts (as YAML strings)."""
    lines = list(FIELD_LINE.finditer(base))
    text = base
    for index, value in sorted(choices, key=lambda c: -lines[c[0] % len(lines)].start()):
        match = lines[index % len(lines)]
        quoted = json.dumps(value, ensure_ascii=False)
        text = text[: match.start(3)] + quoted + text[match.end(3) :]
    return text


def _validates_then_builds(text: str, year: int, with_pdf: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_site(Path(tmp) / "site", {f"{year}/x.yaml": text})
        try:
            load_site(root)
        except ContentError as exc:
            assert all(p.location.file == f"content/{year}/x.yaml" for p in exc.problems)
            return
        options = BuildOptions(output=root / "output", with_pdf=with_pdf, with_search=False)
        build(root, options)  # must not raise: validate accepted the content
        assert (root / "output" / str(year) / "x.html").is_file()


mutations = st.lists(
    st.tuples(
        st.integers(0, 200),
        st.lists(st.sampled_from(NASTY) | st.text(max_size=6), max_size=12).map("".join),
    ),
    min_size=1,
    max_size=4,
)


@pytest.mark.slow
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.sampled_from(list(YEARS)), mutations)
@example(PROJECTS, [(11, "9" * 30)])  # total: once an internal error (InvalidOperation)
@example(PROGRESS, [(6, "- " * 25 + "x")])  # indicator: once refused only by the build
def test_what_validates_builds_without_pdfs(base: str, choices: list[tuple[int, str]]) -> None:
    _validates_then_builds(_mutated(base, choices), YEARS[base], with_pdf=False)


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.sampled_from(list(YEARS)), mutations)
def test_what_validates_builds_with_pdfs(base: str, choices: list[tuple[int, str]]) -> None:
    _validates_then_builds(_mutated(base, choices), YEARS[base], with_pdf=True)
