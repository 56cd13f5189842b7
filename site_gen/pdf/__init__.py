"""Render stage (PDF): annex HTML → PDF bytes with WeasyPrint, confined and isolated.

- The URL fetcher serves only files inside the theme's static folder and `data:` URLs; anything
  else (other files, the network, attachments named by content) stops the render with an error
  that names the content file.
- Relative URLs resolve as on the document's web page: the annex is laid out as if it lived at
  its page's address on a stand-in origin (never file://), so a theme file is `../assets/NAME`
  and a content link `good.html` means the page beside it. After layout every link annotation
  is mapped to the site's public address (site.yaml base_url) or dropped when the site has no
  absolute address: a PDF never carries a link into the build machine.
- Each document renders in a worker process (pdf.pool) with a memory limit and a time limit,
  so a crash or a runaway render fails that document cleanly and the build exits non-zero.
- Before rendering, the text is checked against the installed fonts: characters no font covers
  stop the build with the characters listed, instead of a PDF with empty boxes.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlparse

from site_gen.errors import BuildError
from site_gen.pdf import print_layout, text_widths

try:  # Unix only; on Windows the memory limit is not available (stated in the README)
    import resource
except ImportError:  # pragma: no cover - exercised by a test that hides the module
    resource = None  # type: ignore[assignment]

# Tagged PDF/UA-1 by default: a screen reader follows headings and table cells (measured: no
# slower, 8 % larger); PDF/A-3b for archives; "none" for an untagged file.
DEFAULT_VARIANT = "pdf/ua-1"
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "none")
ANNEX_ORIGIN = "https://annex.site-gen.invalid"  # .invalid: reserved, never resolves (RFC 2606)
MEMORY_LIMIT = 6 * 1024**3
TIME_LIMIT = 600.0


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs to render one annex; plain data, so it pickles."""

    source: str  # the content file, for messages
    html: str
    static_dir: str
    created: datetime
    variant: str | None = None
    attachments: tuple[tuple[str, str, bytes], ...] = field(default=())  # name, description, data
    page_url: str = ANNEX_ORIGIN + "/index.html"  # the page's address on the stand-in origin
    assets_url: str = ANNEX_ORIGIN + "/assets/"  # where the theme's static files appear
    public_root: str = ""  # the site's absolute address (base_url), "" when it has none


class ConfinedFetchError(Exception):
    pass


def _make_fetcher(static_dir: str, assets_url: str) -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    root = Path(static_dir).resolve()

    class ConfinedFetcher(URLFetcher):
        """Serves the theme's static files and data: URLs; refuses everything else."""

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(assets_url):
                name = unquote(urlparse(url).path[len(urlparse(assets_url).path) :])
                path = (root / name).resolve()
                if path.is_file() and root in path.parents:
                    return URLFetcherResponse(url, body=path.read_bytes())
            raise FatalURLFetchingError(f"不允许读取：{url}")

    return ConfinedFetcher()


Link = tuple  # WeasyPrint's (kind, target, rectangle, box)


def public_link(link: Link, public_root: str) -> Link | None:
    """A link annotation as published: stand-in addresses become the site's public ones.

    Internal links (to an anchor of this PDF) and absolute http(s)/mailto links stay; a link
    resolved against the stand-in origin is moved to the public origin, or dropped when the
    site has no absolute address; anything else (file:, attachments) is dropped.
    """
    kind, target = link[0], link[1]
    if kind == "internal":
        return link
    if kind != "external" or not isinstance(target, str):
        return None
    if target.startswith(ANNEX_ORIGIN + "/"):
        if not public_root:
            return None
        parts = urlparse(public_root)
        origin = f"{parts.scheme}://{parts.netloc}"
        return (kind, origin + target[len(ANNEX_ORIGIN) :], *link[2:])
    if urlparse(target).scheme.lower() in ("http", "https", "mailto"):
        return link
    return None


class Annex(NamedTuple):
    """A rendered annex and its page count (the download link says how long it is)."""

    data: bytes
    pages: int


def _options(job: PdfJob, fetcher: Any) -> dict[str, Any]:
    import weasyprint

    attachments = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(data),
            name=name,
            description=description,
            created=job.created,
            modified=job.created,
            url_fetcher=fetcher,
        )
        for name, description, data in job.attachments
    ]
    return {
        "pdf_variant": None if job.variant in (None, "none") else job.variant,
        "attachments": attachments,
        "pdf_identifier": False,
        "pdf_tags": job.variant not in (None, "none"),
        "uncompressed_pdf": False,
    }


class Layout(NamedTuple):
    """A finished layout: WeasyPrint's document and the HTML tree it was laid out from."""

    document: Any
    root: Any


def lay_out(job: PdfJob, fetcher: Any = None) -> Layout:
    """Lay one annex out, again until its tables read well (site_gen/pdf.print_layout.py)."""
    import weasyprint

    fetcher = fetcher or _make_fetcher(job.static_dir, job.assets_url)
    options = _options(job, fetcher)
    roots: list[Any] = []

    def layout(prepare: Callable[[Any], None]) -> Any:
        html = weasyprint.HTML(string=job.html, base_url=job.page_url, url_fetcher=fetcher)
        roots.append(html.etree_element)
        prepare(html.etree_element)
        return html.render(**options)  # layout reads some options, writing the rest

    text_widths.install()  # min-content widths in linear time (see that module)
    with text_widths.remembered():
        return Layout(print_layout.lay_out(layout), roots[-1])


def render_job(job: PdfJob) -> Annex:
    """Render one annex (runs inside a worker process)."""
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _make_fetcher(job.static_dir, job.assets_url)
    try:
        document = lay_out(job, fetcher).document
        for page in document.pages:
            page.links[:] = [
                fixed for link in page.links if (fixed := public_link(link, job.public_root))
            ]
        return Annex(document.write_pdf(**_options(job, fetcher)), len(document.pages))
    except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary error
        raise ConfinedFetchError(str(exc)) from None


# ---------------------------------------------------------------- font coverage (no tofu)
@cache
def font_files(family: str) -> tuple[tuple[str, int], ...]:
    """The font files fontconfig would fall back through for `family`, best first; without
    fontconfig's fc-match (Windows, macOS without Homebrew), the files of the system's font
    folders whose family name is `family` (fonts.installed_files)."""
    if not shutil.which("fc-match"):
        from site_gen.pdf import fonts

        found = fonts.installed_files(family)
        if not found:
            raise BuildError(
                f"找不到字体 “{family}”（本机没有 fontconfig，只在系统字体文件夹中查找）",
                hint="安装该字体，或在 site.yaml 的 fonts 中改用已安装的字体",
            )
        return found
    out = subprocess.run(
        ["fc-match", "-s", "-f", "%{file}\t%{index}\n", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    files = []
    for line in out.splitlines():
        path, _, index = line.partition("\t")
        if path:
            files.append((path, int(index or 0)))
    return tuple(files)


@cache
def _coverage(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.lower().endswith((".ttc", ".otc")):
            font = TTCollection(path, lazy=True).fonts[index]
        else:
            font = TTFont(path, lazy=True, fontNumber=index)
        cmap = font.getBestCmap() or {}
        return frozenset(cmap)
    except Exception:  # noqa: BLE001 - an unreadable font covers nothing
        return frozenset()


_INVISIBLE = {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn"}


def substituted(family: str) -> str:
    """The family fontconfig uses for `family` when it is not installed, else "" (also when
    there is no fontconfig: font_files then refuses a missing family outright)."""
    if not shutil.which("fc-match"):
        return ""
    used = subprocess.run(
        ["fc-match", "-f", "%{family}", family], capture_output=True, text=True, check=False
    ).stdout
    names = [name.strip() for name in used.split(",") if name.strip()]
    return "" if not names or family in names else names[0]


def missing_characters(text: str, families: tuple[str, ...]) -> list[str]:
    """Characters of `text` that no font in the fallback chains of `families` can draw."""
    # Every visible character, private-use ones included (they are tofu in any standard font).
    wanted = {ord(ch) for ch in text if unicodedata.category(ch) not in _INVISIBLE}
    for family in families:
        for path, index in font_files(family)[:12]:
            wanted -= _coverage(path, index)
            if not wanted:
                return []
    return sorted(chr(c) for c in wanted)


def check_fonts(text: str, families: tuple[str, ...], source: str) -> None:
    """Refuse a PDF that would show empty boxes; the system's fonts first, then a CJK font
    pip installed (site_gen[fonts]), which is then used for this build's PDFs."""
    from site_gen.pdf import fonts

    missing = missing_characters(text, families)
    # Only when the packaged font draws every missing character: a character no font has
    # (private use) must not change the fonts of the rest of the build.
    if missing and _packaged_draws(missing) and fonts.use_packaged_fonts():
        font_files.cache_clear()
        missing = missing_characters(text, families)
    if missing:
        shown = "".join(missing[:40])
        raise BuildError(
            f"没有字体能显示这些字符：{shown}" + ("…" if len(missing) > 40 else ""),
            hint="安装中文字体：apt-get install fonts-noto-cjk，或 pip install 'site_gen[fonts]'，"
            "或在 site.yaml 的 fonts 中写已安装的字体名",
            source=source,
        )


def _packaged_draws(characters: list[str]) -> bool:
    from site_gen.pdf import fonts

    covers = [_coverage(path, index) for path, index in fonts.packaged_faces()]
    return bool(covers) and all(any(ord(c) in cover for cover in covers) for c in characters)


def fixed_datetime(day: object | None, fallback_year: int) -> datetime:
    """Creation date for PDF metadata, taken from the content so the PDF is reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    if day is not None:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)  # type: ignore[attr-defined]
    return datetime(fallback_year, 1, 1, tzinfo=UTC)
