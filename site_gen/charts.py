"""Charts drawn at build time as inline SVG: no JavaScript, figures printed as text beside
every bar (a chart must never be the only place a number appears), a title and description for
screen readers. Pure functions returning safe markup. Bars carry no links: an SVG with
role="img" must not contain focusable elements (the tables below the charts link instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    text: str  # the figure as printed, e.g. "80%" or "7,000.00 万元"


_ROW = 28
_FONT = 14
_LABEL_CHARS = 14


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: list[Bar], maximum: Decimal | None = None) -> Markup:
    """A horizontal bar chart; bars scale to `maximum` (default: the largest value)."""
    if not bars:
        return Markup("")
    top = maximum if maximum is not None else max((b.value for b in bars), default=Decimal(1))
    top = top or Decimal(1)
    label_w = _FONT * min(_LABEL_CHARS, max(len(_short(b.label)) for b in bars)) + 8
    bar_w = 360
    text_w = 130
    width = label_w + bar_w + text_w
    height = _ROW * len(bars) + 8
    out = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-labelledby="{escape(chart_id)}-t"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * _ROW
        length = int(bar_w * max(Decimal(0), min(bar.value / top, Decimal(1))))
        label = escape(_short(bar.label))
        row = [
            f'<g class="bar"><title>{escape(bar.label)}：{escape(bar.text)}</title>',
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" class="label">{label}</text>',
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="18" class="track"/>',
            f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="18" class="fill"/>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}" class="figure">{escape(bar.text)}</text>',
            "</g>",
        ]
        out.extend(row)
    out.append("</svg>")
    return Markup("".join(out))
