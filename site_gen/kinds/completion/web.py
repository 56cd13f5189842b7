"""What the site says of a 目标完成情况: the targets it lists by category and status, the totals the
source states, a chart of statuses."""

from __future__ import annotations

from site_gen.i18n import Language
from site_gen.kinds.completion.model import TargetCompletionReport
from site_gen.model import DocumentBase
from site_gen.web.summaries import (
    Summary,
    group_counts,
    listed_items,
    say,
    stated,
    stated_figure,
    status_chart,
    status_counts,
    status_parts,
)


def _completion(doc: TargetCompletionReport) -> Summary:
    targets = [t for g in doc.groups for t in g.targets]
    statuses = [t.status for t in targets]
    distinct = set(statuses)
    items = listed_items([(g.name, len(g.targets)) for g in doc.groups], "目标")
    if len(distinct) == 1 and None not in distinct:
        groups = group_counts([(g.name, len(g.targets)) for g in doc.groups])
        lead = say("listed_one_status", count=len(targets), status=statuses[0], groups=groups)
    else:
        lead = say("listed", items=items)
        parts = status_parts(statuses, doc.statuses)
        lead += say("of_which", parts="、".join(parts)) if parts else ""
    figures = [say("fig_listed", items=items)]
    figures += [
        say("status_count", status=s, count=c) for s, c in status_counts(statuses, doc.statuses)
    ]
    return Summary(
        lead=lead + stated(doc.totals) + say("end"),
        figures=tuple(figures + stated_figure(doc.totals)),
        charts=status_chart(statuses, doc.statuses),
    )


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    assert isinstance(doc, TargetCompletionReport)
    return _completion(doc)


def is_cut(doc: DocumentBase) -> bool:
    """Whether a target is marked as cut off in the source."""
    assert isinstance(doc, TargetCompletionReport)
    return any(t.incomplete for g in doc.groups for t in g.targets)
