"""Render stage (PDF), layout pass: tables that read like the printed form.

CSS cannot say "repeat this merged label on the next page" or "start this table on a new page
rather than leave two rows behind", so the annex is laid out, measured on WeasyPrint's box tree,
corrected in its HTML tree and laid out again until no fault is left (at most `MAX_PASSES`).
Runs inside the PDF worker and knows nothing of the content model, only of tables and headings.

A `Plan` holds the corrections; each layout starts from a fresh parse of the annex with the plan
applied, so a correction that a later one makes stale is simply dropped from the plan:
- moves (`data-break="page"` before an element): a table that would fit on one page but is
  split, or that leaves fewer than `MIN_ROWS` rows at the foot of a page, starts on a new page
  with the headings kept with it; a heading left at the foot of a page moves down; a row whose
  first part would be an empty stub moves whole. A move shifts what follows, so per pass only
  the first one of each run of pages between forced breaks (a "region") is made, and the
  corrections planned after it in that region are dropped and measured again;
- cuts, which keep the page breaks where they fell: at a break inside a row-spanned group the
  group is cut and its label repeated with （续）; a row split over two pages becomes two rows
  at the exact character where the page ended, the second repeating the row's leading labels
  with （续）, so the number stays with the first line and no continued cell is blank;
- short labels (≤ `SHORT_LABEL` characters) never wrap (`data-nw`), unless the table then
  overflows the page.
`pdf.print_faults.report` lists the faults left in a finished layout; the tests assert it is empty.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element

from site_gen.pdf.print_faults import Document, Measure, faults, measure, regions
from site_gen.pdf.print_plan import Plan, key_of

MAX_PASSES = 6


# ---------------------------------------------------------------- the loop
Layout = Callable[[Callable[[Element], None]], Document]


def lay_out(layout: Layout) -> Document:
    """Lay the annex out until no fault is left to mend; returns the last layout.

    `layout(prepare)` parses the annex afresh, calls `prepare` on its HTML tree and renders it."""
    plan = Plan()
    roots: list[Element] = []

    def prepare(root: Element) -> None:
        roots.append(root)
        plan.apply(root)

    for _ in range(MAX_PASSES):
        document = layout(prepare)
        if not _revise(plan, measure(document, roots[-1])):
            break
    return document


def _revise(plan: Plan, m: Measure) -> bool:
    """Add the corrections this layout calls for; False when it needs none."""
    opened = regions(m)
    moved_in: set[str] = set()
    changed = False
    for fault in faults(m, opened):
        region = key_of(opened[fault.page])
        if region in moved_in:
            continue
        if fault.move is not None and fault.move not in plan.moves:
            plan.moves.add(fault.move)
            moved_in.add(region)
            first = m.pages_of(opened[fault.page])[0]
            plan.cuts = [c for c in plan.cuts if c.region != region or c.page < fault.page - first]
            changed = True
        elif fault.cut is not None and all(not fault.cut.same_as(c) for c in plan.cuts):
            plan.cuts.append(fault.cut)
            if fault.widths is not None:
                plan.widths.setdefault(*fault.widths)
            changed = True
        elif fault.wrap is not None and fault.wrap not in plan.wrap:
            plan.wrap.add(fault.wrap)
            moved_in.add(region)
            changed = True
    return changed
