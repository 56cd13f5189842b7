"""Charts drawn at build time as HTML and CSS bars: no JavaScript, no SVG to shrink on a phone.

Each bar is a list item with the full label as text (it wraps, never cut short), the bar, and the
figure as printed beside it (a chart must never be the only place a number appears). The text is
the page's own, so it stays readable at any width and a screen reader reads the list as it is;
the bars themselves are hidden from it. A reference line (e.g. 序时进度) is drawn in every bar
at the same place and said in words in the chart's caption. Pure functions returning safe markup.
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


@dataclass(frozen=True)
class Reference:
    """A line across every bar, such as the time-proportional progress (序时进度)."""

    value: Decimal
    label: str  # what the line is, said in the chart's legend


def _share(value: Decimal, top: Decimal) -> str:
    """A bar's length as a CSS percentage of the track: 0 for negatives, full for overflows."""
    share = max(Decimal(0), min(value / top, Decimal(1))) * 100
    return f"{share.quantize(Decimal('0.1'))}%"


def bar_chart(
    chart_id: str,
    bars: list[Bar] | tuple[Bar, ...],
    maximum: Decimal | None = None,
    reference: Reference | None = None,
) -> Markup:
    """Horizontal bars scaled to `maximum` (default: the largest value)."""
    if not bars:
        return Markup("")
    top = maximum if maximum is not None else max(b.value for b in bars)
    top = top if top > 0 else Decimal(1)
    mark = ""
    if reference is not None:
        mark = f'<span class="bar-ref" style="left: {_share(reference.value, top)}"></span>'
    out = [f'<ul class="bars" id="{escape(chart_id)}">']
    for bar in bars:
        out.append(
            f'<li class="bar-row"><span class="bar-label">{escape(bar.label)}</span>'
            f'<span class="bar-track" aria-hidden="true"><span class="bar-fill"'
            f' style="width: {_share(bar.value, top)}"></span>{mark}</span>'
            f'<span class="bar-figure">{escape(bar.text)}</span></li>'
        )
    out.append("</ul>")
    if reference is not None:
        out.append(
            f'<p class="bar-legend"><span class="bar-ref-key" aria-hidden="true"></span>'
            f"{escape(reference.label)}</p>"
        )
    return Markup("".join(out))
