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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from site_gen import interrupt, kinds, model
from site_gen.errors import Location, Problem
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


@dataclass
class ProjectRecord:
    """Every stage of one project that the site publishes, oldest year and earliest stage first."""

    name: str
    publisher: model.Publisher
    stages: list[Stage] = field(default_factory=list)

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


@per_object  # asked by the checks across documents and by the pages of one site
def collect(site: model.Site) -> list[ProjectRecord]:
    """Every project of the site; forms joined by code or by publisher + name (union-find)."""
    stages = [s for entry in site.entries for s in stages_of(entry)]
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
    groups: dict[int, list[Stage]] = {}
    for i, stage in enumerate(stages):
        groups.setdefault(find(i), []).append(stage)
    records, order = [], {}
    for members in groups.values():
        if len(members) > 1:  # most of a province's projects have one form
            members.sort(key=lambda s: (s.year, STAGES.index(s.stage), s.entry.slug, s.anchor))
        latest = members[-1]
        record = ProjectRecord(latest.name, latest.entry.publisher, members)
        records.append(record)
        # by publisher, then plain name: the plain name is the end of the latest form's key
        # "name:<publisher id>:<plain name>", worked out once per form (Stage.keys)
        order[id(record)] = (record.publisher.id, latest.keys[0][len(record.publisher.id) + 6 :])
    records.sort(key=lambda r: order[id(r)])
    return records


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


# ---------------------------------------------------------------- checks across documents
# Each project's warnings by the identity of its stages, as the last check found them: the
# preview asks again after every edit, and a stage is the same object while its document is
# unchanged (stages_of, load._entry), with the same field locations. The stages are held, so
# their ids cannot be reused meanwhile; only the last check's projects are kept.
_last_checked: dict[tuple[int, ...], tuple[list[Stage], list[Problem]]] = {}


def cross_checks(site: model.Site, where: Mapping[str, Mapping[str, Location]]) -> list[Problem]:
    """Warnings that need more than one document; `where` maps a file to its field locations."""
    global _last_checked
    problems: list[Problem] = []
    checked = {}
    for record in collect(site):
        interrupt.check()  # the preview's finishing stops here once superseded
        key = tuple(map(id, record.stages))
        kept = _last_checked.get(key)
        found = kept[1] if kept is not None else _project_checks(record, where)
        checked[key] = (record.stages, found)
        problems += found
    _last_checked = checked
    problems += _late(site, where) + _unnamed_publisher(site, where)
    silenced = {e.source: {s.check for s in e.doc.silence} for e in site.entries}
    return [p for p in problems if p.check not in silenced.get(p.location.file, set())]


def _project_checks(
    record: ProjectRecord, where: Mapping[str, Mapping[str, Location]]
) -> list[Problem]:
    """One project's warnings: a stage missing in a year it was followed through, and
    self-evaluated indicators that are not the target form's."""
    problems: list[Problem] = []
    for year in record.years:
        stages = record.of_year(year)
        present = [s for s in STAGES if stages[s]]
        latest = stages[present[-1]][-1]
        missing = [s for s in STAGES[: STAGES.index(present[-1])] if not stages[s]]
        # Only a project followed through the year (stages in two documents or more) is
        # missing one: a lone self-evaluation may have its target form published elsewhere,
        # and a target form that carries its own self-evaluation is one publication.
        documents = {s.entry.source for group in stages.values() for s in group}
        if missing and len(documents) > 1:
            problems.append(
                _warning(
                    latest,
                    where,
                    f"项目 “{record.name}” {year}年已公开"
                    f"{'、'.join(STAGE_ZH[s] for s in present)}，"
                    f"但没有{'、'.join(STAGE_ZH[s] for s in missing)}",
                    "stage-missing",
                    "公开缺少的表，或在本文件 silence 中写明原因（如 该项目不要求运行监控）",
                )
            )
        if stages["目标"] and stages["自评"]:
            problems += _compare_indicators(stages["目标"][0], stages["自评"][0], where)
    return problems


def _compare_indicators(
    target: Stage, evaluation: Stage, where: Mapping[str, Mapping[str, Location]]
) -> list[Problem]:
    planned = {_plain(i.name): i.name for i in scoring.items_of(target.indicators)}
    reported = {_plain(i.name): i.name for i in scoring.items_of(evaluation.indicators)}
    if not planned or not reported or planned.keys() == reported.keys():
        return []
    dropped = [planned[k] for k in planned if k not in reported]
    added = [reported[k] for k in reported if k not in planned]
    parts = []
    if dropped:
        parts.append(f"目标表有而自评表没有：{_few(dropped)}")
    if added:
        parts.append(f"自评表有而目标表没有：{_few(added)}")
    return [
        _warning(
            evaluation,
            where,
            f"项目 “{evaluation.name}” 自评表的指标与目标表（{target.entry.source}）不一致："
            + "；".join(parts),
            "indicators-differ",
            "自评应逐项对照目标表的指标；指标确有调整的，在本文件 silence 中写明原因",
        )
    ]


def _few(names: list[str]) -> str:
    shown = "、".join(f"“{n}”" for n in names[:3])
    return shown + (f" 等 {len(names)} 项" if len(names) > 3 else "")


def deadline_of(rule: model.Deadline, year: int) -> date | None:
    month, day = (int(x) for x in rule.by.split("-"))
    try:
        return date(year + (1 if rule.year == "次年" else 0), month, day)
    except ValueError:
        return None


def _late(site: model.Site, where: Mapping[str, Mapping[str, Location]]) -> list[Problem]:
    problems = []
    for entry in site.entries:
        published = entry.doc.published
        for rule in site.config.deadlines:
            if rule.kind != entry.kind or published is None:
                continue
            due = deadline_of(rule, entry.year)
            if due is not None and published > due:
                location = where.get(entry.source, {}).get("published", Location(entry.source))
                problems.append(
                    Problem(
                        location,
                        "published",
                        f"发布日期 {published.isoformat()} 晚于 site.yaml 规定的期限 "
                        f"{due.isoformat()}（{kinds.label(entry.kind)}）",
                        hint="核对发布日期；确实逾期的，在本文件 silence 中写明原因",
                        severity="warning",
                        check="late",
                    )
                )
    return problems


def _unnamed_publisher(
    site: model.Site, where: Mapping[str, Mapping[str, Location]]
) -> list[Problem]:
    """On a site of several publishers, a document that names none was given the default."""
    names = [p.name for p in site.config.publishers]
    return [
        Problem(
            where.get(e.source, {}).get("", Location(e.source)),
            "publisher",
            f"没有写发布单位，按 site.yaml 的默认单位 “{site.config.publisher}” 发布",
            expected="、".join(names),
            hint="本站有多个发布单位：照原件写 publisher；确是默认单位的，也写明",
            severity="warning",
            check="publisher",
        )
        for e in site.entries
        if len(names) > 1 and not e.doc.publisher
    ]


def _warning(
    stage: Stage, where: Mapping[str, Mapping[str, Location]], message: str, check: str, hint: str
) -> Problem:
    places = where.get(stage.entry.source, {})
    location = places.get(stage.path, Location(stage.entry.source))
    return Problem(location, stage.path, message, hint=hint, severity="warning", check=check)
