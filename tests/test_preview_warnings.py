"""The preview's warnings: the checks across documents are made once an edit is served, and the
console says each warning once: all of them after the first build, then those an edit brings."""

from __future__ import annotations

from pathlib import Path

from site_gen.build import pipeline
from site_gen.build.kept_site import PageCache
from site_gen.preview.server import Preview

UNNAMED = (
    "没有写发布单位"  # a cross-document check: a site of several publishers, a file naming none
)


def _drop_publisher(site: Path, name: str) -> None:
    file = next((site / "content").rglob(f"{name}.yaml"))
    lines = file.read_text("utf-8").splitlines(keepends=True)
    file.write_text("".join(x for x in lines if not x.startswith("publisher:")), "utf-8")


def test_a_deferred_build_makes_the_checks_across_documents_after_its_pages(
    sample_copy: Path,
) -> None:
    """Served first, checked when finished; then its warnings are, in order, a whole build's."""
    _drop_publisher(sample_copy, "hangzhou-progress-1-9")
    _drop_publisher(sample_copy, "qingshen-fgj-wage-self-evaluation")

    def options(defer: bool) -> pipeline.BuildOptions:
        output = sample_copy.parent / f"lock-{defer}"
        return pipeline.BuildOptions(output, with_pdf=False, preview=True, defer=defer)

    whole = pipeline.build(sample_copy, options(False), PageCache())
    assert [UNNAMED in w.message for w in whole.warnings].count(True) == 2
    deferred = pipeline.build(sample_copy, options(True), PageCache())
    assert deferred.finish is not None
    assert not any(UNNAMED in w.message for w in deferred.warnings)  # not made yet
    assert deferred.finish()
    assert [w.as_dict() for w in deferred.warnings] == [w.as_dict() for w in whole.warnings]


def test_the_preview_says_every_warning_once_then_those_an_edit_brings(sample_copy: Path) -> None:
    _drop_publisher(sample_copy, "hangzhou-progress-1-9")
    said: list[str] = []
    preview = Preview(sample_copy, port=0, say=said.append)
    try:
        assert preview.rebuild()
        assert len(said) == 2 and said[0].count(UNNAMED) == 1 and "hangzhou" in said[0]
        assert said[1].startswith("共 1 处警告")
        said.clear()
        other = next((sample_copy / "content").rglob("qingdao-model-organ.yaml"))
        other.write_text(other.read_text("utf-8").replace("title: ", "title: 修订 ", 1), "utf-8")
        assert preview.rebuild()
        assert said == []  # the same warning: not said again
        _drop_publisher(sample_copy, "qingshen-fgj-wage-self-evaluation")
        assert preview.rebuild()
        assert len(said) == 2 and "qingshen" in said[0] and "hangzhou" not in said[0]
        assert said[1].startswith("新出现 1 处警告")
    finally:
        preview.stop()


def test_a_build_superseded_after_its_last_page_leaves_its_checks_to_the_next(
    sample_copy: Path,
) -> None:
    """A newer save stops a finishing build between pages, and after its last page as well:
    the checks across documents and of links are the newer build's to make."""
    import threading

    _drop_publisher(sample_copy, "hangzhou-progress-1-9")
    options = pipeline.BuildOptions(
        sample_copy.parent / "lock", with_pdf=False, preview=True, defer=True
    )
    result = pipeline.build(sample_copy, options, PageCache())
    assert result.memory is not None and result.finish is not None
    for route in result.memory.pending():
        result.memory[route]  # every page made, as readers would
    stop = threading.Event()
    stop.set()
    assert result.finish(stop) is False
    assert not any(UNNAMED in w.message for w in result.warnings)  # not checked
    assert result.finish() is True and any(UNNAMED in w.message for w in result.warnings)
