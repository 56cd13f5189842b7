"""Short labels kept on one line in the web pages' tables."""

from __future__ import annotations

import html as html_lib
import re

from site_gen.tables.views import SHORT_LABEL

# A table cell whose whole text is a short label (序号, 分值, 一级指标, 数量指标) keeps it on
# one line: a column squeezed to one character per line is unreadable. The PDF annexes do the
# same in their layout pass (views.SHORT_LABEL). Cells that hold markup are left alone.
_TEXT_CELL = re.compile(r"<(t[hd])((?:\s[^>]*)?)>([^<]{1,60})</\1>")


def keep_short_labels(page: str) -> str:
    def mark(match: re.Match[str]) -> str:
        tag, attributes, text = match.groups()
        if not 0 < len("".join(html_lib.unescape(text).split())) <= SHORT_LABEL:
            return match.group(0)
        if ' class="' in attributes:
            attributes = attributes.replace(' class="', ' class="nw ', 1)
        else:
            attributes += ' class="nw"'
        return f"<{tag}{attributes}>{text}</{tag}>"

    return _TEXT_CELL.sub(mark, page)
