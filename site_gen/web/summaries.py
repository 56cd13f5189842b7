"""What the site says on its own about a document: the lead sentence of its page, the short
figures on listing cards and in the feed, and its charts with their captions.

Every statement is derived only from fields whose meaning supports it and says what it counts:
the items this table lists, by the source's own categories and status words; totals only when
the source states them (`totals`) and then as the source's figures; no average across unlike
indicators; a chart names what it leaves out. When a source gives nothing to count, nothing is
said. Every sentence template is in SENTENCES, reviewed as a list (tests/golden/sentences.txt).
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, cast

from site_gen import i18n, kinds, model
from site_gen.i18n import N_
from site_gen.web.charts import Bar, Reference


class KindPart(Protocol):
    """What this stage asks of a kind (site_gen/kinds/<family>/web.py)."""

    def summarise(self, doc: model.Document, lang: i18n.Language) -> Summary: ...
    def is_cut(self, doc: model.Document) -> bool: ...


# Every sentence and phrase the site generates about a document, by name.
SENTENCES: dict[str, str] = {
    # lead sentences (document pages, PDF annexes, feed)
    "listed": "本表列出 {items}",
    "listed_one_status": "本表列出 {count} 项{status}的目标{groups}",
    "items": "{count} 项{noun}",
    "items_by_group": "{count} 项{noun}{groups}",
    "groups": "（{parts}）",
    "records": "{names} 项目标的 {count} 条进度记录",
    "group_count": "{name} {count} 项",
    "of_which": "，其中{parts}",
    "status_count": "{status} {count} 项",
    "unstated_status": "未注明状态 {count} 项",
    "problems": "，标注存在问题 {count} 项",
    "possibility": "；完成目标可能性为{parts}",
    "stated_total": "（原文所述{scope}共 {count} 项目标{of_which}）",
    "stated_statuses": "（原文所述{scope}{parts}）",
    "projects": "本表列出 {count} 个项目",
    "project_total": "，项目总金额合计 {yuan} 元（{wan} 万元）",
    "project_amount": "，本年度预算申请金额合计 {yuan} 元（{wan} 万元）",
    "indicators": "，绩效指标 {count} 项",
    "evaluated": "，其中 {count} 项填写了实际完成值，按目标值核对达到 {met} 项",
    "forms": "本文件含 {count} 张表",
    "card_score": "；{name}原表合计得分 {score} 分",
    "card_grade": "，评价等级 {grade}",
    "incomplete_lead": N_("原件不完整，以下计数只含现存部分："),  # a series page may be English
    "incomplete_parts_lead": "部分表格或行原件残缺，以下计数只含现存部分：",
    "end": "。",
    # listing-card and feed figures
    "fig_listed": "列出 {items}",
    "fig_stated_total": "原文所述共 {count} 项",
    "fig_problems": "存在问题 {count} 项",
    "fig_projects": "{count} 个项目",
    "fig_amount": "本年度预算 {wan} 万元",
    "fig_met": "指标达成 {met}/{count}",
    "fig_forms": "{count} 张表",
    "fig_indicators": "绩效指标 {count} 项",
    "fig_score": "总分 {score}",
    "fig_incomplete": "原件不完整",
    # charts: titles and captions
    "chart_status_title": "各状态目标项数",
    "chart_status_caption": "按状态统计本表列出的 {count} 项目标",
    "chart_progress_title": "{column}（按{name}）",
    "chart_progress_caption": "按原表所列数值绘制，{count} 项写明{column}",
    "chart_budget_title": "各项目本年度预算申请金额（万元）",
    "chart_budget_caption": "按各项目本年度预算申请金额绘制",
    "chart_met_title": "各项目绩效指标达成情况",
    "chart_met_caption": "按各项目已填写实际完成值的指标中达到目标值的比例绘制",
    "chart_met_bar": "达成 {met}/{count}",
    "chart_status_bar": "{count} 项",
    "chart_left_out": "；{count} 项{what}，未列入图中",
    "chart_negative": "；负值的条长为 0，数值照原文标注",
    "chart_incomplete": "；只含原件现存部分",
    "chart_time_share": "竖线为序时进度 {percent}%（{period}占全年的 {months}/12）",
    "no_status": "未注明状态",
    "no_percent": "未写明",
    "no_amount": "未填写金额",
}


def say(key: str, /, **fields: object) -> str:
    return SENTENCES[key].format(**fields)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str  # what is counted, and what is left out
    bars: tuple[Bar, ...]
    maximum: Decimal | None = None
    reference: Reference | None = None


@dataclass(frozen=True)
class Summary:
    lead: str = ""  # one sentence for the document page; "" when there is nothing to count
    figures: tuple[str, ...] = ()  # short phrases for listing cards and the feed
    charts: tuple[Chart, ...] = ()


def summarise(doc: model.Document, lang: i18n.Language) -> Summary:
    """What the site says of a document; of an incomplete source, every count says it covers
    only the parts that survive, and the listing figures say only that the source is incomplete."""
    part = cast(KindPart, kinds.part(doc.kind, "web"))  # the kind says what it counts
    summary = part.summarise(doc, lang)
    cut = (
        "incomplete_lead" if doc.incomplete else "incomplete_parts_lead" if part.is_cut(doc) else ""
    )
    if not cut or not summary.lead:
        return summary
    lead = lang.gettext(SENTENCES[cut])  # a series page may be in English
    charts = tuple(
        dataclasses.replace(c, caption=c.caption + say("chart_incomplete")) for c in summary.charts
    )
    return Summary(lead + summary.lead, (say("fig_incomplete"),), charts)


class Memo:
    """Summaries already made, by document: a document's page, its year's and publisher's
    listings, the home page and the feed all ask for the same one. Kept by the object (a
    document is immutable; the preview keeps unchanged documents' objects between rebuilds),
    in a language with the site's labels."""

    def __init__(self) -> None:
        self._made: dict[tuple[int, str, tuple[tuple[str, str], ...]], tuple[object, Summary]] = {}
        # Markup made from objects the preview keeps (html.Renderer.kept_markup), by the
        # objects' ids and what else it was made from; held with the objects, so no id is
        # reused. What the last build used, and what this one has used so far.
        self.markup: dict[Hashable, tuple[object, bytes]] = {}
        self.markup_used: dict[Hashable, tuple[object, bytes]] = {}
        self.all_made = False  # the last build made every page (then markup_used is complete)
        # Records of the open data's index, by entry (build.feeds.data_index fills it).
        self.listed: dict[int, Any] = {}

    def summarise(self, doc: model.Document, lang: i18n.Language) -> Summary:
        key = (id(doc), lang.code, tuple(sorted(lang.labels.items())))
        made = self._made.get(key)
        if made is not None and made[0] is doc:  # held here, so its address is not reused
            return made[1]
        summary = summarise(doc, lang)
        self._made[key] = (doc, summary)
        return summary

    def kept_markup(self, key: Hashable, held: tuple[object, ...], make: Callable[[], str]) -> str:
        """The markup kept under `key` (html.Renderer.kept_markup), or make() kept there."""
        kept = self.markup_used.get(key) or self.markup.get(key)
        if kept is None:
            made = make()
            # kept deflated (a province's lists: ~50,000 items, 4 times smaller), the objects
            # held with it so that their ids stay theirs
            self.markup_used[key] = (held, zlib.compress(made.encode("utf-8"), 1))
            return made
        self.markup_used[key] = kept
        return zlib.decompress(kept[1]).decode("utf-8")

    def keep_only(self, docs: Iterable[model.Document]) -> None:
        """Forget the documents no longer in the site (the preview, after an edit), and the
        markup the last build did not use if it made every page."""
        kept = {id(doc) for doc in docs}
        self._made = {key: made for key, made in self._made.items() if key[0] in kept}
        if self.all_made:  # else (a preview build superseded before its last page) both stay
            self.markup, self.markup_used = self.markup_used, {}
        self.all_made = False


# ---------------------------------------------------------------- statuses and stated totals
def status_counts(statuses: list[str | None], declared: tuple[str, ...]) -> list[tuple[str, int]]:
    """Counts by status word, in the vocabulary's order, then the document's own words."""
    counts = Counter(s for s in statuses if s is not None)
    order = list(dict.fromkeys([*model.STATUSES, *declared, *counts]))
    return [(s, counts[s]) for s in order if counts[s]]


def status_parts(statuses: list[str | None], declared: tuple[str, ...]) -> list[str]:
    parts = [say("status_count", status=s, count=c) for s, c in status_counts(statuses, declared)]
    unstated = statuses.count(None)
    if parts and unstated:
        parts.append(say("unstated_status", count=unstated))
    return parts


def stated(totals: model.StatedTotals | None) -> str:
    if totals is None:
        return ""
    parts = "、".join(say("status_count", status=c.status, count=c.count) for c in totals.statuses)
    if totals.targets is not None:
        of_which = say("of_which", parts=parts) if parts else ""
        return say("stated_total", scope=totals.scope, count=totals.targets, of_which=of_which)
    return say("stated_statuses", scope=totals.scope, parts=parts) if parts else ""


def stated_figure(totals: model.StatedTotals | None) -> list[str]:
    if totals is None or totals.targets is None:
        return []
    return [say("fig_stated_total", count=totals.targets)]


def status_chart(statuses: list[str | None], declared: tuple[str, ...]) -> tuple[Chart, ...]:
    counts = status_counts(statuses, declared)
    if len(counts) < 2:  # one bar says nothing the sentence does not
        return ()
    caption = say("chart_status_caption", count=len(statuses))
    if None in statuses:
        caption += say("chart_left_out", count=statuses.count(None), what=say("no_status"))
    bars = tuple(Bar(s, Decimal(c), say("chart_status_bar", count=c)) for s, c in counts)
    return (Chart("chart-status", say("chart_status_title"), caption, bars),)


def listed_items(sizes: list[tuple[str, int]], noun: str) -> str:
    """“8 项重点目标” or, with several of the source's categories, “8 项目标（重点目标 5 项、…）”."""
    total = sum(n for _, n in sizes)
    if len(sizes) == 1 or not all(name for name, _ in sizes):  # a category the source left out
        return say("items", count=total, noun=(sizes[0][0] if len(sizes) == 1 else "") or noun)
    return say("items_by_group", count=total, noun=noun, groups=group_counts(sizes))


def group_counts(sizes: list[tuple[str, int]]) -> str:
    """“（重点目标 5 项、创优目标 3 项）” for several categories; "" for one."""
    if len(sizes) < 2:
        return ""
    parts = "、".join(say("group_count", name=name, count=n) for name, n in sizes)
    return say("groups", parts=parts)
