"""One project through the budget year: its target form, mid-year monitoring and
self-evaluation, in this year and others, found across documents.

Documents never say which other documents belong to the same project, so it is inferred: two
forms are the same project when they carry the same 项目编码, or the same publisher and the same
name (spaces and full-width forms ignored). Codes often carry the year ("109014(2021)022"), so
the name joins a project's years. Only what the forms state is compared; the cross-document
checks (stage missing, indicators that differ, late publication) are warnings a document may
silence with a reason, like every other check.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from site_gen import kinds, model
from site_gen.model import scoring
from site_gen.model.memo import per_object

# The stages of a budget year, in order, and the kinds that publish each.
STAGES = ("目标", "监控", "自评")
STAGE_ZH = {"目标": "绩效目标表", "监控": "绩效运行监控表", "自评": "绩效自评表"}


@dataclass(frozen=True)
class Stage:
    """One form of a project: where it is published and what it says."""

    entry: model.Entry
    stage: str  # 目标 / 监控 / 自评
    name: str  # as this form writes it
    code: str
    anchor: str  # the form's id on its document page
    path: str  # its place in the document, for messages: projects[2], forms[0]
    indicators: tuple[model.IndicatorGroup, ...]
    met: int | None = None  # indicators judged met, of `judged`
    judged: int | None = None
    score: Decimal | None = None  # as the form states it
    grade: str | None = None

    @property
    def year(self) -> int:
        return self.entry.year

    @functools.cached_property  # asked on every (preview) build; a stage lives with its entry
    def keys(self) -> tuple[str, ...]:
        """What joins this form to the other forms of its project: publisher and name, code."""
        keys = (f"name:{self.entry.publisher.id}:{_plain(self.name)}",)
        return (*keys, f"code:{_plain(self.code)}") if self.code.strip() else keys

    @property
    def route(self) -> str:
        return f"{self.entry.year}/{self.entry.slug}.html#{self.anchor}"

    @functools.cached_property
    def grouped_by(self) -> tuple[object, ...]:
        """All that collect reads of this form to group and order it: its keys, its place
        among its project's forms, its publisher (records are ordered by publisher)."""
        entry = self.entry
        return (self.keys, entry.year, self.stage, entry.slug, self.anchor, entry.publisher.id)


@dataclass
class ProjectRecord:
    """Every stage of one project that the site publishes, oldest year and earliest stage first."""

    name: str
    publisher: model.Publisher
    stages: list[Stage] = field(default_factory=list)

    @functools.cached_property  # a record is kept while its forms are (collect)
    def entries(self) -> dict[tuple[int, str], model.Entry]:
        """The documents of its forms by (year, slug)."""
        return {(s.entry.year, s.entry.slug): s.entry for s in self.stages}

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.code for s in self.stages if s.code))

    @property
    def route(self) -> str:
        digest = hashlib.sha256(f"{self.publisher.id}\n{_plain(self.name)}".encode()).hexdigest()
        return f"projects/{self.publisher.id}-{digest[:10]}.html"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({s.year for s in self.stages}))

    def of_year(self, year: int) -> dict[str, list[Stage]]:
        found: dict[str, list[Stage]] = {s: [] for s in STAGES}
        for stage in self.stages:
            if stage.year == year:
                found[stage.stage].append(stage)
        return found


def _plain(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


# ---------------------------------------------------------------- finding the stages
@per_object  # an unchanged document's entry is kept by the preview (load._entry)
def stages_of(entry: model.Entry) -> list[Stage]:
    """The stages of projects a document publishes: its kind says which (project_stages)."""
    stages = getattr(kinds.part(entry.kind, "load"), "project_stages", None)
    return stages(entry) if stages is not None else []


def outcomes(groups: tuple[model.IndicatorGroup, ...]) -> tuple[int, int]:
    """(met, judged): indicators judged met, of those that could be judged met or not."""
    judgements = [scoring.judge(i).outcome for i in scoring.items_of(groups)]
    judged = [o for o in judgements if o in ("met", "not_met")]
    return sum(1 for o in judged if o == "met"), len(judged)


@dataclass
class _Grouping:
    """The last collect's answer: which forms (by position) make each project, in order."""

    stages: list[Stage]
    groups: list[list[int]]  # each record's forms, as positions in `stages`, in record order
    records: list[ProjectRecord]


_last_grouping = _Grouping([], [], [])


@per_object  # asked by the checks across documents and by the pages of one site
def collect(site: model.Site) -> list[ProjectRecord]:
    """Every project of the site; forms joined by code or by publisher + name (union-find).

    The preview asks after every edit, and an edit seldom changes what joins or orders the
    forms: when every form reads as the last collect's did (Stage.grouped_by; an unchanged
    document's forms are the same objects), its grouping is taken again, and a project whose
    forms are all the same objects is the same record (its pages and rows are kept by it)."""
    global _last_grouping
    stages = [s for entry in site.entries for s in stages_of(entry)]
    last = _last_grouping
    if len(stages) == len(last.stages) and all(
        new is old or new.grouped_by == old.grouped_by
        for new, old in zip(stages, last.stages, strict=True)
    ):
        groups = last.groups
    else:
        groups = _grouped(stages)
    records = []
    for number, group in enumerate(groups):
        members = [stages[i] for i in group]
        kept = last.records[number] if groups is last.groups else None
        if kept is not None and all(a is b for a, b in zip(members, kept.stages, strict=True)):
            records.append(kept)
        else:
            latest = members[-1]
            records.append(ProjectRecord(latest.name, latest.entry.publisher, members))
    _last_grouping = _Grouping(stages, groups, records)
    return records


def _grouped(stages: list[Stage]) -> list[list[int]]:
    """The forms of each project, as positions in `stages`: each project's oldest year and
    earliest stage first, the projects by publisher, then plain name."""
    parent = list(range(len(stages)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, stage in enumerate(stages):
        for key in stage.keys:
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(stages)):
        groups.setdefault(find(i), []).append(i)

    def in_project(i: int) -> tuple[int, int, str, str]:
        s = stages[i]
        return (s.year, STAGES.index(s.stage), s.entry.slug, s.anchor)

    def in_site(members: list[int]) -> tuple[str, str]:
        # by publisher, then plain name: the plain name is the end of the latest form's key
        # "name:<publisher id>:<plain name>", worked out once per form (Stage.keys)
        latest = stages[members[-1]]
        publisher = latest.entry.publisher.id
        return (publisher, latest.keys[0][len(publisher) + 6 :])

    ordered = []
    for members in groups.values():
        if len(members) > 1:  # most of a province's projects have one form
            members.sort(key=in_project)
        ordered.append(members)
    ordered.sort(key=in_site)
    return ordered


def is_linked(record: ProjectRecord) -> bool:
    """Published at more than one stage or year: such a project gets a page and links."""
    stages = record.stages  # most of a province's projects have one form: no set made
    return len(stages) > 1 and len({(s.year, s.stage) for s in stages}) > 1


def linked(records: list[ProjectRecord]) -> list[ProjectRecord]:
    return [r for r in records if is_linked(r)]


def by_document(records: list[ProjectRecord]) -> dict[str, list[ProjectRecord]]:
    """For each document ("year/slug"), the linked projects it holds a stage of."""
    found: dict[str, list[ProjectRecord]] = {}
    for record in records:
        for doc_id in dict.fromkeys(f"{s.year}/{s.entry.slug}" for s in record.stages):
            found.setdefault(doc_id, []).append(record)
    return found


@dataclass(frozen=True)
class YearRow:
    record: ProjectRecord
    stages: dict[str, list[Stage]]  # 目标 / 监控 / 自评 → the forms of that stage (maybe none)
    linked: bool  # the project has a page of its own


def by_year(records: list[ProjectRecord]) -> list[tuple[int, list[YearRow]]]:
    """Per year (newest first), each project with the stages published and those missing."""
    years: dict[int, list[YearRow]] = {}
    for record in records:
        for year in record.years:
            row = YearRow(record, record.of_year(year), is_linked(record))
            years.setdefault(year, []).append(row)
    return sorted(years.items(), reverse=True)


# ---------------------------------------------------------------- indicators side by side
@dataclass(frozen=True)
class IndicatorLine:
    name: str
    level1: str
    level2: str
    target: str  # from the target form (or, lacking one, the later form's own target)
    progress: str  # 监控表: 执行情况
    actual: str  # 自评表: 实际完成值
    outcome: str  # 达成 / 未达成 / …, as judged from the self-evaluation


def indicator_lines(record: ProjectRecord, year: int) -> list[IndicatorLine]:
    """Each indicator of one year: its target, mid-year execution and actual side by side."""
    lines: dict[str, dict[str, str]] = {}
    for stage in sorted(record.stages, key=lambda s: STAGES.index(s.stage)):
        if stage.year != year:
            continue
        for group in stage.indicators:
            for sub in group.groups:
                for item in sub.items:
                    line = lines.setdefault(
                        _plain(item.name),
                        {"name": item.name, "level1": group.level1, "level2": sub.level2},
                    )
                    target = scoring.target_of(item)
                    if target is not None and not line.get("target"):
                        line["target"] = target.text
                    if stage.stage == "监控" and item.progress:
                        line["progress"] = item.progress
                    if stage.stage == "自评" and item.actual is not None:
                        line["actual"] = item.actual.text
                        line["outcome"] = scoring.judge(item).outcome_zh
    return [
        IndicatorLine(
            name=v["name"],
            level1=v["level1"],
            level2=v["level2"],
            target=v.get("target", ""),
            progress=v.get("progress", ""),
            actual=v.get("actual", ""),
            outcome=v.get("outcome", ""),
        )
        for v in lines.values()
    ]
