"""PDF annexes read back: page size and orientation, repeated table headers, bookmarks,
metadata, the 附件 label, page numbers, embedded files, confinement and fonts."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

from site_gen import pdf
from site_gen.build import pdf_only, pipeline
from site_gen.errors import BuildError
from site_gen.load import SitePaths, load_site
from site_gen.pdf import annexes
from site_gen.pdf import pool as pdf_pool
from site_gen.web.html import Renderer
from tests.conftest import ROOT, SITE_YAML, write_site
from tests.fixtures_base import NARRATIVE

# Browsers, validators and PDF renders: the full tier (README test command), not the edit loop.
pytestmark = pytest.mark.slow

FIXTURE = ROOT / "tests" / "fixtures" / "evaluated"
A4 = (595, 842)


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


def size(page: pypdf.PageObject) -> tuple[int, int]:
    box = page.mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(scope="module")
def fixture_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture-pdf") / "output"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=out))
    return out


def test_orientation_by_kind(built: Path) -> None:
    portrait = [
        "2020/qingdao-targets-completion",
        "2021/weihai-etdz-key-projects",
        "2022/qingdao-model-organ",
    ]
    for name in portrait:
        assert {size(p) for p in pypdf.PdfReader(built / f"{name}.pdf").pages} == {A4}
    landscape = pypdf.PdfReader(built / "2018/hangzhou-progress-1-9.pdf")
    assert {size(p) for p in landscape.pages} == {(842, 595)}


def test_table_header_repeats_on_every_page(built: Path) -> None:
    pages = page_texts(built / "2018/hangzhou-progress-1-9.pdf")
    assert len(pages) >= 3
    for text in pages:
        assert re.search(r"类别\s+目标名称\s+考核指标\s+当月进度\s+累计进度", text), text[:300]
    completion = page_texts(built / "2020/qingdao-targets-completion.pdf")
    assert "目录" in completion[0]  # ten targets: a contents page first, then the table
    assert all("完成情况及取得实效" in text for text in completion[1:])


def test_page_numbers_in_official_style(built: Path) -> None:
    pages = page_texts(built / "2021/weihai-etdz-key-projects.pdf")
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"—\s*{number}\s*—\s*$", text.rstrip()), (number, text[-200:])
    # 公文 annexes carry no running header: a page after the first opens with its own content
    title = "2021年经区重点项目预算绩效目标"
    assert title in pages[0]
    assert all(title not in text.strip().splitlines()[0] for text in pages[1:])


def embedded_fonts(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_gb9704_faces_are_embedded(built: Path) -> None:
    """仿宋 for text and cells, 黑体 for headers, a 宋体 title (site.yaml fonts, Fandol here)."""
    fonts = embedded_fonts(built / "2020/qingdao-targets-completion.pdf")
    assert {"FandolFang", "FandolHei"} <= fonts
    assert any(name.startswith("FandolSong") for name in fonts)


def test_contents_has_real_page_numbers_and_bookmarks(built: Path) -> None:
    path = built / "2021/weihai-etdz-key-projects.pdf"
    reader = pypdf.PdfReader(path)
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[0] == "2021年经区重点项目预算绩效目标"
    children = outline[1]
    names = [item.title for item in children if not isinstance(item, list)]
    assert (
        "1、乡村振兴工作经费绩效目标" in names
        and "10、城市社区党组织服务群众专项经费绩效目标" in names
    )
    # each bookmark and each contents entry point at the page where that form starts
    pages = page_texts(path)
    contents = next(t for t in pages if "目录" in t)
    entries = re.findall(r"\d+、(\S[^\n]*?)\s*\.{3,}\s*\((\d+)\)", contents)
    assert len(entries) == 10
    for heading, page in entries:
        assert heading.replace(" ", "")[:6] in pages[int(page) - 1].replace(" ", ""), (
            heading,
            page,
        )
    assert names[0] == "公开说明"
    for item in children:
        if not isinstance(item, list) and "、" in item.title:
            page = reader.get_destination_page_number(item)
            assert item.title.split("、", 1)[1].replace(" ", "")[:6] in pages[page].replace(" ", "")


def test_metadata_from_content(built: Path) -> None:
    meta = pypdf.PdfReader(built / "2021/weihai-etdz-key-projects.pdf").metadata
    assert meta.title == "2021年经区重点项目预算绩效目标"
    assert meta.author == "威海经济技术开发区财政金融局"
    assert "项目支出绩效目标表" in meta.subject
    assert "预算绩效信息公开" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith(
        "D:20210101"
    )  # no publication date: 1 January of the year
    reader = pypdf.PdfReader(built / "2021/weihai-etdz-key-projects.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_annex_label_and_date(fixture_pdfs: Path) -> None:
    first = page_texts(fixture_pdfs / "2019/progress-marks.pdf")[0]
    assert first.lstrip().startswith("附件1")
    assert "2019年10月15日" in first
    assert (
        pypdf.PdfReader(fixture_pdfs / "2019/progress-marks.pdf")
        .metadata["/CreationDate"]
        .startswith("D:20191015")
    )


def test_only_the_documents_own_data_is_embedded(built: Path) -> None:
    for annex in built.rglob("*.pdf"):
        attachments = pypdf.PdfReader(annex).attachments
        assert list(attachments) == [annex.with_suffix(".json").name]
        assert (
            attachments[annex.with_suffix(".json").name][0]
            == annex.with_suffix(".json").read_bytes()
        )


def test_self_evaluation_in_pdf(fixture_pdfs: Path) -> None:
    text = "".join("".join(page_texts(fixture_pdfs / "2021/self-evaluation.pdf")).split())
    assert text.count("✗未达成") == 2 and text.count("✓达成") == 3 and "实际完成" in text


def test_missing_font_stops_the_build(tmp_path: Path) -> None:
    """A character no installed font covers is an error, never an empty box in the PDF."""
    root = write_site(
        tmp_path / "site", {"2022/a.yaml": NARRATIVE.replace("本文件", "本文件\U000f0001")}
    )
    out = tmp_path / "out"
    with pytest.raises(BuildError, match="没有字体能显示这些字符") as info:
        pipeline.build(root, pipeline.BuildOptions(output=out))
    assert "content/2022/a.yaml" in info.value.format() and "fonts-noto-cjk" in info.value.hint
    assert not out.exists()


def test_pdf_renderer_reads_no_local_file_or_network(tmp_path: Path) -> None:
    """Theme code is trusted, content is not; the fetcher still refuses any other file or URL."""
    from site_gen import pdf

    static = ROOT / "templates" / "static"
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", f"file://{static}/../base.html"):
        html = f'<html><body><img src="{url}"><link rel="attachment" href="{url}"></body></html>'
        job = pdf.PdfJob(
            source="content/x.yaml",
            html=html,
            static_dir=str(static),
            created=pdf.fixed_datetime(None, 2020),
        )
        with pytest.raises(BuildError, match="PDF 引用了外部资源") as info:
            pdf_pool.render_all([job], workers=1)
        assert "content/x.yaml" in info.value.message
    ok = pdf.PdfJob(
        source="x",
        html='<img src="assets/print.css">',  # the theme's files, addressed as on the web
        static_dir=str(static),
        created=pdf.fixed_datetime(None, 2020),
    )
    assert pdf_pool.render_all([ok], workers=1)[0].data.startswith(b"%PDF")
    for url in (f"file://{static}/print.css", "assets/../../base.html", "assets/%2e%2e/x"):
        job = pdf.PdfJob(
            source="x", html=f'<img src="{url}">', static_dir=str(static), created=ok.created
        )
        with pytest.raises(BuildError, match="PDF 引用了外部资源"):
            pdf_pool.render_all([job], workers=1)


LINKS = (
    "[另一份文件](good.html) [越界](../../etc/passwd) [主机](//host/x) "
    "[外部](https://example.org/x) [邮件](mailto:a@b.cn) [本页](#doc-title) [本页全名](a.html#p)"
)


def link_targets(path: Path) -> list[str]:
    """Every link annotation of a PDF: its URI, or "#" for a link inside the document."""
    targets = []
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                action = annotation.get("/A")
                targets.append(str(action["/URI"]) if action and "/URI" in action else "#")
    return targets


@pytest.mark.slow
@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (
            "https://czj.example.gov.cn/jxgk/",
            [
                "https://czj.example.gov.cn/jxgk/2022/good.html",
                "https://czj.example.gov.cn/etc/passwd",
                "https://host/x",
                "https://example.org/x",
                "mailto:a@b.cn",
            ],
        ),
        ("/jxgk/", ["https://host/x", "https://example.org/x", "mailto:a@b.cn"]),
    ],
)
def test_pdf_links_point_at_the_public_site_never_at_the_build_machine(
    tmp_path: Path, base_url: str, expected: list[str]
) -> None:
    """A relative link resolves as on the document's web page, against site.yaml's base_url;
    without an absolute base_url it is dropped. No link annotation is ever file://."""
    doc = NARRATIVE.replace("本文件说明公开的范围。", LINKS)
    root = write_site(
        tmp_path / "site", {"2022/a.yaml": doc}, SITE_YAML + f"base_url: {base_url}\n"
    )
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_search=False))
    targets = link_targets(out / "2022" / "a.pdf")
    assert [t for t in targets if t != "#"] == expected
    assert not any(t.startswith("file:") or str(tmp_path) in t for t in targets)
    assert b"file://" not in (out / "2022" / "a.pdf").read_bytes()


def test_pdf_command_renders_one_document(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE, "2022/b.yaml": NARRATIVE})
    out = tmp_path / "out"
    result = pdf_only.build_pdfs(root, pipeline.BuildOptions(output=out), ("a",))
    assert result.files == ["2022/a.pdf"]
    assert sorted(p.name for p in (out / "2022").iterdir()) == ["a.pdf"]
    with pytest.raises(BuildError, match="找不到文件：zzz"):
        pdf_only.build_pdfs(root, pipeline.BuildOptions(output=out), ("zzz",))


def test_pdf_a_variant(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, pdf_variant="pdf/a-3b"))
    reader = pypdf.PdfReader(out / "2022" / "a.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[>=\"]+3", xmp) and re.search(r"pdfaid:conformance[>=\"]+B", xmp)
    assert "/OutputIntents" in reader.trailer["/Root"]


def structure_tags(node: object, found: list[str]) -> list[str]:
    """The structure types (/S) of a tagged PDF's structure tree, in reading order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                structure_tags(kid, found)
    return found


def test_annexes_are_tagged_pdf_ua_by_default(built: Path) -> None:
    """A screen reader can follow an annex: PDF/UA-1 unless the build asks otherwise."""
    for name in ("2020/qingdao-targets-completion", "2023/qingshen-fgj-wage-self-evaluation"):
        root = pypdf.PdfReader(built / f"{name}.pdf").trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == "zh-CN"
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfuaid:part[>=\"]+1", xmp)
        tags = structure_tags(root["/StructTreeRoot"], [])
        assert "/H1" in tags and "/Table" in tags
        assert tags.count("/TH") >= 3 and tags.count("/TD") >= 10  # table cells, not artifacts


def test_an_untagged_annex_can_be_asked_for(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, pdf_variant="none"))
    catalog = pypdf.PdfReader(out / "2022" / "a.pdf").trailer["/Root"]
    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog


def test_a_crashing_render_fails_that_document_with_a_clear_error() -> None:
    """RELIABILITY.md: 500 nested <div> make WeasyPrint raise RecursionError; the worker
    reports it for that document and the build fails instead of hanging or dying."""
    from site_gen import pdf

    static = ROOT / "templates" / "static"
    html = "<div>" * 3000 + "深" + "</div>" * 3000
    job = pdf.PdfJob(
        source="content/deep.yaml",
        html=html,
        static_dir=str(static),
        created=pdf.fixed_datetime(None, 2020),
    )
    with pytest.raises(BuildError) as info:
        pdf_pool.render_all([job], workers=1)
    assert info.value.message.startswith("content/deep.yaml: PDF 生成")


def test_a_runaway_render_is_stopped_and_named() -> None:
    from site_gen import pdf

    static = ROOT / "templates" / "static"
    rows = "".join(f"<tr><td>{i}</td><td>{'长文本' * 40}</td></tr>" for i in range(3000))
    job = pdf.PdfJob(
        source="content/huge.yaml",
        html=f"<table>{rows}</table>",
        static_dir=str(static),
        created=pdf.fixed_datetime(None, 2020),
    )
    started = time.monotonic()
    with pytest.raises(BuildError) as info:
        pdf_pool.render_all([job], workers=1, time_limit=3)
    assert "content/huge.yaml: PDF 生成超时（超过 3 秒）" in info.value.message
    assert time.monotonic() - started < 30


def test_annual_bundle(tmp_path: Path) -> None:
    from tests.fixtures_base import PROGRESS

    root = write_site(
        tmp_path / "site",
        {"2022/a.yaml": NARRATIVE, "2022/b.yaml": PROGRESS.replace("year: 2018", "year: 2022")},
    )
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, bundle=True, strict=True))
    path = out / "2022" / "2022-annual.pdf"
    reader = pypdf.PdfReader(path)
    assert [size(p) for p in reader.pages] == [
        A4,
        A4,
        A4,
        (842, 595),
    ]  # cover, contents, a, b (landscape)
    pages = page_texts(path)
    assert "测试网站汇编" in pages[0] and "共 2 份公开文件" in pages[0]
    assert re.search(r"1、公开说明\s*\.+\s*\(3\)", pages[1]) and re.search(
        r"2、测试市财政局绩效考核目标进度情况表（1-9月）\s*\.+\s*\(4\)", pages[1]
    )
    assert "本文件说明公开的范围" in pages[2] and "八项支出增速达11%" in pages[3]
    assert not re.search(r"—\s*\d+\s*—", pages[0])  # no page number on the cover
    assert re.search(r"—\s*2\s*—\s*$", pages[1].rstrip())
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["测试网站汇编", "公开说明", "测试市财政局绩效考核目标进度情况表（1-9月）"]
    year_page = (out / "2022" / "index.html").read_text(encoding="utf-8")
    assert 'href="2022-annual.pdf"' in year_page


def test_source_date_epoch_sets_the_creation_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out))
    assert (
        pypdf.PdfReader(out / "2022" / "a.pdf").metadata["/CreationDate"].startswith("D:20231114")
    )


def _children(pid: int) -> list[int]:
    """Living (not zombie) processes whose parent is `pid`, from /proc."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid) and not fields["State"].startswith("Z"):
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_no_pdf_worker_survives_a_killed_build(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the workers must notice on their own (issue 16)."""
    rows = "".join(
        f"      - name: 目标{i}\n        indicator: {'很长的考核指标说明' * 30}\n"
        for i in range(400)
    )
    big = f"kind: progress\ntitle: 进度\ngroups:\n  - category: 类别\n    rows:\n{rows}"
    root = write_site(tmp_path / "site", {"2018/a.yaml": big, "2018/b.yaml": big})
    build = subprocess.Popen(
        [sys.executable, "-m", "site_gen", "build", str(root), "--no-search"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.2)
            workers = _children(build.pid)
        assert workers, "the build started no worker"
        time.sleep(1.0)  # let the workers get into their render
        workers = _children(build.pid)
        build.kill()
        build.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        survivors = [w for w in workers if _alive(w)]
        assert not survivors, f"workers still running: {survivors}"
    finally:  # end whatever this test started, whatever happened
        build.kill()
        build.wait()
        for worker in workers:
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


def test_download_links_say_page_count_and_size(built: Path) -> None:
    """Each document page says how long its PDF is and how big each download is, as measured
    on the files written beside it."""
    import re

    for pdf_file in sorted(built.rglob("*.pdf")):
        page = pdf_file.with_suffix(".html")
        if not page.exists():
            continue  # a year's bundle: said on the year page
        text = page.read_text(encoding="utf-8")
        pages = len(pypdf.PdfReader(str(pdf_file)).pages)
        said = re.search(r"下载 PDF 附件（(\d+) 页，(\d+) KB）", text)
        assert said, page
        assert int(said.group(1)) == pages
        assert int(said.group(2)) == max(1, round(pdf_file.stat().st_size / 1024))
        csv_size = max(1, round(pdf_file.with_suffix(".csv").stat().st_size / 1024))
        assert f"表格数据（CSV，{csv_size} KB）" in text


def test_bold_in_chinese_text_prints_as_bold_not_asterisks(built: Path) -> None:
    text = "".join(page_texts(built / "2022/qingdao-model-organ.pdf"))
    assert "提高政治判断力。" in text and "**" not in text
    # 仿宋 has no bold face: the bold words are set in 黑体, so a reader sees them stand out
    site, _ = load_site(ROOT)
    renderer = Renderer(site, SitePaths(ROOT).templates)
    entry = next(e for e in site.entries if "model-organ" in e.source)
    document = pdf.lay_out(annexes.pdf_job(renderer, entry, SitePaths(ROOT), None)).document
    faces = {
        str(box.style["font_family"][0])
        for page in document.pages
        for box in walk_boxes(page._page_box)
        if type(box).__name__ == "TextBox" and box.text == "提高政治判断力。"
    }
    assert faces == {"FandolHei"}


def walk_boxes(box: object) -> list[object]:
    found = [box]
    for child in getattr(box, "children", None) or ():
        found += walk_boxes(child)
    return found


def test_an_unchanged_annex_comes_from_the_cache_byte_for_byte(tmp_path: Path) -> None:
    from tests.fixtures_base import PROGRESS

    progress = PROGRESS.replace("year: 2018", "year: 2022")
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE, "2022/b.yaml": progress})

    def build(name: str, **options: bool) -> tuple[pipeline.BuildResult, dict[str, bytes]]:
        out = tmp_path / name
        result = pipeline.build(root, pipeline.BuildOptions(output=out, **options))
        return result, {p.name: p.read_bytes() for p in (out / "2022").glob("*.pdf")}

    first, cold = build("1")
    assert (first.pdfs, first.pdfs_rendered) == (2, 2)
    again, warm = build("2")
    assert again.pdfs_rendered == 0 and warm == cold  # nothing laid out, the same bytes
    fresh, uncached = build("3", pdf_cache=False)
    assert fresh.pdfs_rendered == 2 and uncached == cold  # a cached annex = a fresh render
    (root / "content/2022/a.yaml").write_text(NARRATIVE.replace("范围", "范围和时间"), "utf-8")
    edited, after = build("4")
    assert edited.pdfs_rendered == 1  # only the edited document
    assert after["b.pdf"] == cold["b.pdf"] and after["a.pdf"] != cold["a.pdf"]
    cache = root / ".site-gen-cache" / "pdf"
    assert len(list(cache.glob("*.pdf"))) == 2  # the old a.pdf's entry was removed
    theme = root / "templates" / "static"  # a theme change reaches every annex
    theme.mkdir(parents=True)
    css = (ROOT / "templates" / "static" / "print.css").read_text("utf-8")
    (theme / "print.css").write_text(css + "\n.extra { color: #000; }\n", "utf-8")
    restyled, _ = build("5")
    assert restyled.pdfs_rendered == 2
    for facts in cache.glob("*.json"):  # a damaged entry is rendered again, not trusted
        facts.write_text("{", "utf-8")
    repaired, again_bytes = build("6")
    assert repaired.pdfs_rendered == 2 and set(again_bytes) == {"a.pdf", "b.pdf"}


def test_the_number_of_pdf_workers_changes_nothing_in_the_output(tmp_path: Path) -> None:
    from tests.fixtures_base import PROGRESS

    progress = PROGRESS.replace("year: 2018", "year: 2022")
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE, "2022/b.yaml": progress})
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        options = pipeline.BuildOptions(output=out, jobs=jobs, pdf_cache=False, with_search=False)
        pipeline.build(root, options)
        outputs.append({p.name: p.read_bytes() for p in (out / "2022").glob("*.pdf")})
    assert len(outputs[0]) == 2 and outputs[0] == outputs[1]


@pytest.mark.slow
def test_a_build_whose_pdfs_lose_a_profile_face_says_so(tmp_path: Path) -> None:
    """Issue 31: a machine without the GB/T 9704 faces (the starter's workflow installed only
    Noto) set the annexes in another face silently; the build now warns, naming both faces."""
    from site_gen.cli import starter
    from tests.conftest import SITE_YAML, write_site

    doc = "kind: narrative\ntitle: 说明\nbody: 正文\n"
    fonts = "fonts:\n  fangsong: NoSuchFangsong\n"
    root = write_site(tmp_path / "site", {"2021/a.yaml": doc}, SITE_YAML + fonts)
    result = pipeline.build(root, pipeline.BuildOptions(output=tmp_path / "out", with_search=False))
    found = [w for w in result.warnings if w.check == "fonts"]
    assert [w.field for w in found] == ["fonts.fangsong"]
    assert "NoSuchFangsong" in found[0].message and "改用" in found[0].message
    defaults = write_site(tmp_path / "ok", {"2021/a.yaml": doc})
    options = pipeline.BuildOptions(output=tmp_path / "out2", with_search=False)
    assert [w for w in pipeline.build(defaults, options).warnings if w.check == "fonts"] == []
    assert "fandol" in starter.WORKFLOW  # the workflow a new site gets installs the faces
