"""Render stage (web): one Jinja environment, built once, that turns a Page into HTML.

The site's own `templates/` folder overrides the packaged default theme file by file, so a bureau
changes its header, logo or colours without touching Python. Autoescape is on for every
template and undefined variables are errors: content is data, never template code.
"""

from __future__ import annotations

import posixpath
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from site_gen import charts, model, pages, views
from site_gen.errors import BuildError
from site_gen.markdown import MarkdownError, plain, render, render_inline
from site_gen.values import OUTCOME_ZH

DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates"
GENERATOR = "site_gen"


def template_dirs(site_templates: Path | None) -> list[Path]:
    dirs = []
    if site_templates is not None and site_templates.is_dir():
        dirs.append(site_templates.resolve())
    if DEFAULT_TEMPLATES not in dirs:
        dirs.append(DEFAULT_TEMPLATES)
    return dirs


def date_zh(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}%"


def css_font(name: str) -> str:
    """A font family name safe inside a CSS string (no quotes, braces or backslashes)."""
    return "".join(ch for ch in name if ch.isalnum() or ch in " -_")


def make_environment(site_templates: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(site_templates)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=lambda text: Markup(render(text)),
        md_inline=lambda text: Markup(render_inline(text)),
        plain=plain,
        yuan=views.yuan,
        wan=views.wan,
        date_zh=date_zh,
        percent=percent,
        numbered=model.numbered_items,
        status_class=views.status_class,
        css_font=css_font,
    )
    env.globals.update(
        model=model,
        views=views,
        charts=charts,
        KIND_ZH=model.KIND_ZH,
        OUTCOME_ZH=OUTCOME_ZH,
        document_route=pages.document_route,
        pdf_route=pages.pdf_route,
        year_route=pages.year_route,
        publisher_route=pages.publisher_route,
        isinstance=isinstance,
        generator=GENERATOR,
    )
    return env


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
    ) -> None:
        self.site = site
        self.env = make_environment(site_templates)
        self.preview = preview
        self.with_pdf = with_pdf
        self.with_search = with_search
        self.with_bundle = with_bundle
        self.multi_publisher = len(site.publishers_in_use()) > 1

    def link_function(self, page_route: str, absolute: bool) -> Any:
        base_dir = posixpath.dirname(page_route)
        base_path = _url_path(self.site.config.base_url)

        def url(route: str) -> str:
            anchor = ""
            if "#" in route:
                route, anchor = route.split("#", 1)
                anchor = "#" + anchor
            if absolute:
                return base_path + route + anchor
            if not route:
                return anchor
            return posixpath.relpath(route, base_dir or ".") + anchor

        return url

    def render_page(self, page: pages.Page, extra: dict[str, Any] | None = None) -> str:
        absolute = page.route == pages.NOT_FOUND  # served at any depth: links from the base path
        context = {
            "site": self.site,
            "config": self.site.config,
            "page": page,
            "url": self.link_function(page.route, absolute),
            "preview": self.preview,
            "with_pdf": self.with_pdf,
            "with_search": self.with_search,
            "with_bundle": self.with_bundle,
            "multi_publisher": self.multi_publisher,
            **page.context,
            **(extra or {}),
        }
        return self.render(page.template, context, page.entry)

    def render(self, template: str, context: dict[str, Any], entry: model.Entry | None) -> str:
        source = entry.source if entry else ""
        try:
            return self.env.get_template(template).render(context)
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


def _url_path(base_url: str) -> str:
    """The path part of the base URL, always ending with a slash: https://a.gov.cn/jx → /jx/."""
    if "://" in base_url:
        base_url = "/" + base_url.split("://", 1)[1].partition("/")[2]
    return base_url if base_url.endswith("/") else base_url + "/"
