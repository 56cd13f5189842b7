#!/usr/bin/env python3
"""Keep the message catalogs in step with the code: extract every message of the templates and
of site_gen/ (Babel's Jinja and Python extractors) and add what is new to each catalog in
site_gen/locale/, keeping the translations it has and dropping messages no longer used.

    python3 scripts/messages.py          # update the catalogs, then translate the empty entries
    python3 scripts/messages.py --check  # exit 1 if a catalog lacks a message or a translation

tests/test_i18n.py runs the check, so a new message without its translation fails the tests.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "site_gen" / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "NN_": (1, 2)}
SOURCES = [
    (ROOT / "templates", [("**.html", "jinja2.ext:babel_extract")]),
    (ROOT / "site_gen", [("**.py", "python")]),
]


def extract() -> Catalog:
    found = Catalog(locale="zh_Hans_CN", project="site_gen", fuzzy=False)
    for folder, methods in SOURCES:
        for name, line, message, _comments, _context in extract_from_dir(
            folder, methods, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
        ):
            if message and (message[0] if isinstance(message, tuple) else message):
                found.add(message, locations=[(f"{folder.name}/{name}", line)])
    return found


def updated(language: str, messages: Catalog) -> Catalog:
    path = LOCALE / f"{language}.po"
    old = read_po(path.open("rb"), locale=language.replace("-", "_")) if path.exists() else None
    new = Catalog(locale=language.replace("-", "_"), project="site_gen", fuzzy=False)
    for message in sorted(messages, key=lambda m: str(m.id)):
        if not message.id:
            continue
        before = old.get(message.id) if old else None
        new.add(
            message.id, string=before.string if before else ("", "") if message.pluralizable else ""
        )
    return new


def text_of(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, no_location=True, width=0, sort_output=True)
    return out.getvalue()


def missing(catalog: Catalog) -> list[str]:
    lacking = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            lacking.append(str(message.id))
    return lacking


def main() -> int:
    check = "--check" in sys.argv[1:]
    messages = extract()
    status = 0
    for path in sorted(LOCALE.glob("*.po")):
        catalog = updated(path.stem, messages)
        text = text_of(catalog)
        if check:
            if text != path.read_bytes():
                print(
                    f"{path.relative_to(ROOT)}: not in step with the code; run scripts/messages.py"
                )
                status = 1
            for message in missing(catalog):
                print(f"{path.relative_to(ROOT)}: no translation of {message!r}")
                status = 1
        else:
            path.write_bytes(text)
            print(
                f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing(catalog))} to translate"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
