"""Interface languages: the message catalog, the language of the page being rendered, and the
locale's formats for dates and for figures site_gen computes.

Messages are written in Chinese, the source language, where they are used: `_("首页")` in
templates and Python. Every other language has a gettext catalog, `site_gen/locale/<lang>.po`,
read with Babel (scripts/messages.py adds new messages to it; a test fails on any message a
catalog lacks). A site names its language in site.yaml and a document may name its own; what
writes text for a page is given its `Language` (the renderer keeps one Jinja environment per
language whose `_` speaks it), so nothing depends on ambient state.

A site may rename any label as its readers see it (`labels:` in site.yaml: the shown text and
what to show instead), e.g. a column header of the catalog. Figures from the source are never
reformatted: only counts, dates and progress that site_gen computes follow the locale.
"""

from __future__ import annotations

import decimal
import functools
import gettext as gettext_module
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

SOURCE = "zh-CN"
LANGUAGES = ("zh-CN", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@functools.cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The language's catalog; the source language translates to itself."""
    if language == SOURCE:
        return gettext_module.NullTranslations()
    with (LOCALE_DIR / f"{language}.po").open("rb") as po:
        catalog = read_po(po, locale=language.replace("-", "_"))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


@dataclass(frozen=True, eq=False)
class Language:
    """The language a page, annex, feed entry or sheet is written in, with the site's renamed
    labels: passed to whatever writes text for it (no ambient state), so two documents in two
    languages can be rendered side by side, in threads or in one template each."""

    code: str = SOURCE
    labels: Mapping[str, str] = field(default_factory=dict)

    def _shown(self, text: str, values: dict[str, object]) -> str:
        """The catalog's text filled in, then renamed as the site says. A site's label is only
        ever compared and shown, never formatted: braces in site.yaml cannot break a page."""
        text = text.format(**values) if values else text
        return self.labels.get(text, text)

    def gettext(self, message: str, **values: object) -> str:
        """The message in this language, with `{name}` placeholders filled in. Chinese is the
        source and speaks the source words; a site in English that names a Chinese document
        kind gets the catalog's English name."""
        return self._shown(translations(self.code).gettext(message), values)

    def ngettext(self, message: str, plural: str, number: int, **values: object) -> str:
        """A message about `number` things (English: 1 indicator, 2 indicators); `{n}` is
        filled in with it unless given."""
        text = translations(self.code).ngettext(message, plural, number)
        return self._shown(text, {"n": self.count(number), **values})

    def long_date(self, value: date | None) -> str:
        """2020年12月31日 / December 31, 2020 (CLDR's long date of this language)."""
        return format_date(value, "long", locale=_locale(self.code)) if value else ""

    def count(self, n: int) -> str:
        """A count site_gen computed: 1,234 in English; Chinese pages write it without
        separators as the bureaus' own sentences do (共 1234 项)."""
        return str(n) if self.code == SOURCE else format_decimal(n, locale=_locale(self.code))

    def computed(self, value: Decimal) -> str:
        """A figure site_gen computed (a progress percentage), in the locale's decimal format
        with the decimals it has: -12.5 stays -12.5, never rounded here."""
        if self.code == SOURCE:
            return f"{value.normalize():f}"
        places = max(0, -int(value.normalize().as_tuple().exponent))
        pattern = f"#,##0.{'0' * places}" if places else "#,##0"
        with decimal.localcontext(decimal.Context(prec=60)):  # a 41-digit ratio of 20-digit figures
            return format_decimal(value, format=pattern, locale=_locale(self.code))


CHINESE = Language()  # the source language, with no renamed labels


def lang_attribute(document_language: str, page_language: str) -> str:
    """` lang="en"` where a part of a page is in another language than the page, else ''."""
    return f' lang="{document_language}"' if document_language != page_language else ""


def N_(message: str) -> str:
    """Marks a message kept as data (a kind's name, a status word) for the catalog; it is
    translated where it is shown, with `Language.gettext`."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural form kept as data; shown with `ngettext(*pair, n)`."""
    return singular, plural
