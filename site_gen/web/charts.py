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


@dataclass(frozen=True)
class Column:
    """One period of a time series: the value as a column, its target as a tick, a target
    range as a band. None where the source states nothing."""

    label: str
    value: Decimal | None
    target: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


def _place(value: Decimal, low: Decimal, span: Decimal) -> Decimal:
    return ((value - low) / span * 100).quantize(Decimal("0.1"))


def series_chart(chart_id: str, columns: list[Column], legend: dict[str, str]) -> Markup:
    """Columns from a zero line (negative values hang below it) with each period's target as a
    tick, drawn in HTML and CSS like the bars. The table beside it states every figure, so the
    drawing is hidden from screen readers; `legend` names the marks in the page's language
    (keys: value, target, range)."""
    figures = [f for c in columns for f in (c.value, c.target, c.low, c.high) if f is not None]
    if not figures or all(c.value is None for c in columns):
        return Markup("")
    low, high = min(min(figures), Decimal(0)), max(max(figures), Decimal(0))
    span = (high - low) or Decimal(1)
    zero = _place(Decimal(0), low, span)
    out = [f'<div class="trend" id="{escape(chart_id)}" aria-hidden="true"><ol class="trend-cols">']
    marks = set()
    for c in columns:
        parts = [f'<span class="trend-zero" style="bottom: {zero}%"></span>']
        if c.low is not None or c.high is not None:
            bottom = _place(c.low if c.low is not None else low, low, span)
            top = _place(c.high if c.high is not None else high, low, span)
            parts.append(
                f'<span class="trend-range" style="bottom: {bottom}%; height: {top - bottom}%"></span>'
            )
            marks.add("range")
        if c.value is not None:
            at = _place(c.value, low, span)
            bottom, height = min(at, zero), abs(at - zero)
            sign = " is-negative" if c.value < 0 else ""
            parts.append(
                f'<span class="trend-bar{sign}" style="bottom: {bottom}%; height: {height}%"></span>'
            )
            marks.add("value")
        if c.target is not None:
            parts.append(
                f'<span class="trend-target" style="bottom: {_place(c.target, low, span)}%"></span>'
            )
            marks.add("target")
        out.append(
            f'<li class="trend-col"><span class="trend-plot">{"".join(parts)}</span>'
            f'<span class="trend-period">{escape(c.label)}</span></li>'
        )
    out.append("</ol></div>")
    keys = "".join(
        f'<span class="trend-key"><span class="key-{m}" aria-hidden="true"></span>{escape(legend[m])}</span>'
        for m in ("value", "target", "range")
        if m in marks
    )
    out.append(f'<p class="trend-legend">{keys}</p>')
    return Markup("".join(out))
