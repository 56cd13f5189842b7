"""Render stage (web): one Jinja environment, built once, that turns a Page into HTML.

The site's own `templates/` folder overrides the packaged default theme file by file, so a bureau
changes its header, logo or colours without touching Python. Autoescape is on for every
template and undefined variables are errors: content is data, never template code.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup

from site_gen import i18n, interrupt, kinds, model
from site_gen.errors import BuildError
from site_gen.load import projects
from site_gen.markdown import MarkdownError, plain, render, render_inline
from site_gen.model import application_parts, scoring, trends
from site_gen.tables import form_tables, views
from site_gen.values import OUTCOME_ZH
from site_gen.web import charts, pages, series_summary, summaries
from site_gen.web.compiled import COMPILED
from site_gen.web.downloads import download_facts as download_facts
from site_gen.web.downloads import file_size as file_size
from site_gen.web.short_labels import keep_short_labels


def _default_templates() -> Path:
    """The default theme: inside the package when installed from a wheel (pyproject.toml maps
    the repository's templates/ there), else the checkout's own templates/ folder. No symlink:
    a Windows checkout turns one into a text file."""
    package = Path(__file__).resolve().parent.parent  # site_gen/, above this web/ stage
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


DEFAULT_TEMPLATES = _default_templates()
GENERATOR = "site_gen"


def template_dirs(site_templates: Path | None) -> list[Path]:
    dirs = []
    if site_templates is not None and site_templates.is_dir():
        dirs.append(site_templates.resolve())
    if DEFAULT_TEMPLATES not in dirs:
        dirs.append(DEFAULT_TEMPLATES)
    return dirs


def check_theme(site_templates: Path) -> None:
    """Refuse a site theme with a link that leaves its folder.

    A theme is trusted code, but a link inside it to a file elsewhere (a key, a home folder)
    would be read by Jinja or copied into the published site. Links that stay inside the theme
    folder are followed; anything else is not a regular file or folder is refused too.
    """
    if not site_templates.is_dir():
        return
    root = site_templates.resolve()
    for folder, dirs, files in os.walk(site_templates, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                target = path.resolve()
                if target != root and root not in target.parents:
                    raise BuildError(
                        f"主题文件夹中的链接 {path} 指向主题之外（{target}）",
                        hint="把文件本身复制到 templates/ 中；主题中的链接只能指向主题内部",
                    )
                if target.is_dir():
                    raise BuildError(
                        f"主题文件夹中的链接 {path} 指向文件夹",
                        hint="主题中的链接只能指向文件",
                    )
            elif not (path.is_file() or path.is_dir()):
                raise BuildError(f"主题文件夹中的 {path} 不是普通文件", hint="删除它")


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}%"


def meter_width(value: Decimal) -> str:
    """A progress meter's width: the stated figure kept within 0–100 % (the text shows it as
    written, e.g. 120% or -5%)."""
    return percent(min(max(value, Decimal(0)), Decimal(100)))


# A target written with ASCII comparison signs (">=85%", as forms exported to text often carry)
# is printed with the signs the printed form uses; the data and the open-data files keep the
# source text.
def typeset_signs(text: str) -> str:
    return text.replace(">=", "≥").replace("<=", "≤")


def css_font(name: str) -> str:
    """A font family name safe inside a CSS string (no quotes, braces or backslashes)."""
    return "".join(ch for ch in name if ch.isalnum() or ch in " -_")


def make_environment(site_templates: Path | None, lang: i18n.Language) -> jinja2.Environment:
    """The theme's environment speaking `lang`: its `_`, counts, dates, kind names and the
    summaries templates call are that language's (one environment per language of a site)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(site_templates)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
        # An environment lives for one build, whose templates do not change under it (a change
        # starts the next build, with a new one): no stat of every template on every page.
        auto_reload=False,
    )
    env.filters.update(
        md=lambda text: Markup(render(text)),
        md_inline=lambda text: Markup(render_inline(text)),
        plain=plain,
        yuan=views.yuan,
        wan=views.wan,
        long_date=lang.long_date,
        percent=percent,
        meter_width=meter_width,
        signs=typeset_signs,
        numbered=model.numbered_items,
        status_class=views.status_class,
        css_font=css_font,
    )
    env.globals.update(
        TEMPLATE_FUNCTIONS,
        **kind_template_functions(),
        _=lang.gettext,
        ngettext=lang.ngettext,
        count=lang.count,
        computed=lang.computed,
        year_label=functools.partial(views.year_label, lang=lang),
        kind_name=functools.partial(views.kind_name, lang=lang),
        year_and_period=functools.partial(views.year_and_period, lang=lang),
        summarise=functools.partial(summaries.summarise, lang=lang),
        lang_of=lambda entry: Markup(i18n.lang_attribute(entry.language, lang.code)),
        # a theme's names for the kinds' registry (site_gen/kinds/)
        EVALUATION_KINDS=frozenset(k.name for k in kinds.all_kinds() if k.evaluation),
        KIND_ZH=kinds.labels(),
        OUTCOME_ZH=OUTCOME_ZH,
        document_route=pages.document_route,
        pdf_route=pages.pdf_route,
        year_route=pages.year_route,
        publisher_route=pages.publisher_route,
        STAGES=projects.STAGES,
        STAGE_ZH=projects.STAGE_ZH,
        PROJECTS_ROUTE=pages.PROJECTS,
        generator=GENERATOR,
    )
    return env


# What templates may call: named functions that return typed values (no whole modules), so a
# theme author sees the whole interface here and figures are computed in Python, not Jinja.
# The functions that speak a language are added per language in make_environment.
TEMPLATE_FUNCTIONS: dict[str, Any] = {
    "bar_chart": charts.bar_chart,
    "group_anchor": views.group_anchor,
    "target_anchor": views.target_anchor,
    "row_anchor": views.row_anchor,
    "project_anchor": views.project_anchor,
    "has_evaluation": views.has_evaluation,
    "execution_rate": views.execution_rate,
    "sum_all": views.sum_all,
    "indicator_rows": form_tables.indicator_rows,
    "form_columns": form_tables.form_columns,
    "indicator_cell": form_tables.indicator_cell,
    "budget_columns": form_tables.budget_columns,
    "budget_cell": form_tables.budget_cell,
    "budget_caption": form_tables.budget_caption,
    "long_form": form_tables.long_form,
    "schedule_columns": application_parts.schedule_columns,
    "budget_source_title": form_tables.budget_source_title,
    "form_facts": form_tables.form_facts,
    "progress_columns": form_tables.progress_columns,
    "extra_cell": form_tables.extra_cell,
    "score_sheet": scoring.score_sheet,
    "projects_by_year": projects.by_year,
    "indicator_lines": projects.indicator_lines,
    "rate_disagreement": scoring.rate_disagreement,
    "kinds_in_use": views.kinds_in_use,
    "series_outcome": trends.outcome,
    "series_progress": trends.progress,
    "series_band": trends.band,
    "series_columns": series_summary.chart_columns,
    "series_chart": charts.series_chart,
    "objectives": trends.objectives,
    "goal_anchor": trends.goal_anchor,
    "indicator_anchor": trends.indicator_anchor,
    "OUTCOME_WORDS": trends.OUTCOME_WORDS,
    "TYPE_WORDS": trends.TYPE_WORDS,
    "series_has": trends.has,
    "series_latest": trends.latest,
    "BAND_CLASSES": trends.BAND_CLASSES,
}


@functools.cache
def kind_template_functions() -> dict[str, Any]:
    """What each kind's own templates call, as its web part declares (TEMPLATE_FUNCTIONS in
    site_gen/kinds/<family>/web.py); a name the theme's functions already use is refused."""
    found: dict[str, Any] = {}
    for kind in kinds.all_kinds():
        own = getattr(kinds.part(kind.name, "web"), "TEMPLATE_FUNCTIONS", {})
        for name, function in own.items():
            taken = TEMPLATE_FUNCTIONS.get(name, found.get(name, function))
            if taken is not function:
                raise ValueError(f"{kind.name}: template function {name!r} is already taken")
            found[name] = function
    return found


class Renderer:
    """Renders pages of one site with one environment."""

    def __init__(
        self,
        site: model.Site,
        site_templates: Path | None,
        *,
        preview: bool = False,
        with_pdf: bool = True,
        with_search: bool = True,
        with_bundle: bool = False,
        memo: summaries.Memo | None = None,
    ) -> None:
        self.site = site
        # what each document's summary says, asked by several pages (the preview keeps it)
        self.summaries = memo if memo is not None else summaries.Memo()
        self.keeps_markup = memo is not None  # kept between builds: kept_markup is worth it
        self.site_templates = site_templates
        self.labels = site.config.label_map
        self._environments: dict[str, jinja2.Environment] = {}
        self.preview = preview
        self.with_pdf = with_pdf
        self.with_search = with_search
        self.with_bundle = with_bundle
        self.multi_publisher = len(site.publishers_in_use) > 1
        # What a download link says of its file ("2 页，509 KB"), by route; set by the build
        # once the files exist (the preview makes PDFs later and says nothing of them).
        self.downloads: Mapping[str, tuple[str, int | None]] = {}
        # The downloads the pages asked about: a kept page is used again only if what it said
        # of them still holds (build.page_cache).
        self.asked: set[str] = set()

    def environment(self, language: str) -> jinja2.Environment:
        """The theme's environment for pages in `language`, made when first asked."""
        env = self._environments.get(language)
        if env is None:
            lang = i18n.Language(language, self.labels)
            env = make_environment(self.site_templates, lang)
            env.globals["blank_mark"] = self.site.config.blank_mark
            env.globals["inline_css"] = functools.partial(self.inline_css, env)
            # Computed scores reach a public page only where site.yaml lists the kind (issue 33).
            env.globals["scoring"] = self.site.config.scoring or scoring.DEFAULT_SCHEME
            env.globals["publish_scores"] = functools.partial(
                scoring.published, self.site.config.scoring
            )
            env.globals["download_facts"] = functools.partial(self.download_facts, lang=lang)
            env.globals["summarise"] = functools.partial(self.summaries.summarise, lang=lang)
            env.globals["kept_markup"] = self.kept_markup
            self._environments[language] = env
        return env

    def download_facts(self, route: str, lang: i18n.Language) -> str:
        """“2 页，509 KB” / “2 pages, 509 KB”; "" for a file the build has not measured."""
        self.asked.add(route)
        if route not in self.downloads:
            return ""
        size, pages = self.downloads[route]
        if pages is None:
            return size
        return lang.ngettext("{n} 页，{size}", "{n} 页，{size}", pages, size=size)

    @jinja2.pass_context
    def kept_markup(
        self, context: Context, make: Any, made_from: Iterable[object], value: Hashable, *args: Any
    ) -> Markup:
        """make(*args), whose markup depends only on the objects `made_from` (by identity),
        `value` (by value) and the page (its links are relative to it): kept between the
        builds of a site kept in memory while those are the same (templates/_projects.html:
        a province's project list, re-rendered on every edit, is made of unchanged rows)."""
        if not self.keeps_markup:
            return Markup(make(*args))
        interrupt.check()  # a list's rows are made inside one macro: no chunk between them
        held = tuple(made_from)
        page = context.get("page")
        route = page.route if page is not None else ""
        key = (route, context.get("lang"), self.multi_publisher, value, tuple(map(id, held)))
        return Markup(self.summaries.kept_markup(key, held, lambda: str(make(*args))))

    @staticmethod
    def inline_css(env: jinja2.Environment) -> Markup:
        """The theme's site.css as it stands, for a page that must be styled wherever it is
        opened: 404.html is served at any depth, and opened from disk its links lead nowhere."""
        assert env.loader is not None
        source, _, _ = env.loader.get_source(env, "static/site.css")
        rules = re.sub(r"/\*.*?\*/", "", source, flags=re.S)  # comments are for the theme's reader
        return Markup(rules.replace("</", "<\\/"))

    def link_function(self, page_route: str, absolute: bool) -> Any:
        base_dir = posixpath.dirname(page_route)
        base_path = pages.url_path(self.site.config.base_url)

        def url(route: str) -> str:
            anchor = ""
            if "#" in route:
                route, anchor = route.split("#", 1)
                anchor = "#" + anchor
            if absolute:
                return base_path + route + anchor
            if not route:
                return anchor
            return _relative(route, base_dir or ".") + anchor

        return url

    def render_page(self, page: pages.Page, extra: dict[str, Any] | None = None) -> str:
        absolute = page.route == pages.NOT_FOUND  # served at any depth: links from the base path
        context = {
            "site": self.site,
            "config": self.site.config,
            "page": page,
            "url": self.link_function(page.route, absolute),
            "public_address": pages.public_address(self.site.config.base_url, page.route),
            "preview": self.preview,
            "with_pdf": self.with_pdf,
            "with_search": self.with_search,
            "with_bundle": self.with_bundle,
            "multi_publisher": self.multi_publisher,
            **page.context,
            **(extra or {}),
        }
        return keep_short_labels(self.render(page.template, context, page.entry))

    def render(self, template: str, context: dict[str, Any], entry: model.Entry | None) -> str:
        """Renders in the entry's language (a page or annex of one document) or the site's."""
        source = entry.source if entry else ""
        language = entry.language if entry else self.site.config.language
        try:
            env = self.environment(language)
            made = env.get_template(template)
            if interrupt.current() is None:
                return made.render({"lang": language, **context})
            return _stoppable(made.generate({"lang": language, **context}))
        except jinja2.TemplateNotFound as exc:
            searched = "、".join(str(d) for d in template_dirs(None))
            raise BuildError(f"找不到模板 “{exc.name}”", hint=f"已查找：{searched}") from exc
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(
                f"模板语法错误：{exc.message}", source=f"{exc.filename}:{exc.lineno}"
            ) from exc
        except jinja2.UndefinedError as exc:
            raise BuildError(
                f"模板 {template} 使用了未定义的变量：{exc.message}", source=source
            ) from exc
        except MarkdownError as exc:
            raise BuildError(f"Markdown 无法处理：{exc}", source=source) from exc


def _stoppable(chunks: Iterator[str]) -> str:
    """A page rendered chunk by chunk (the same text as render()), stopped between two chunks
    once a newer build supersedes the one it is for (interrupt): the finishing in the
    background does not hold the reviewer's next edit for a page of 12,000 rows."""
    made: list[str] = []
    for made_so_far, chunk in enumerate(chunks):
        if made_so_far % 64 == 0:
            interrupt.check()
        made.append(chunk)
    return "".join(made)


@functools.lru_cache(maxsize=65536)
def _relative(route: str, base_dir: str) -> str:
    """posixpath.relpath, cached: every page of a folder links to the same routes."""
    return posixpath.relpath(route, base_dir)
