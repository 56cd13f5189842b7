"""The checks across documents of a site's projects (warnings a document may silence with a
reason): a stage missing, indicators that differ between a project's forms, a form published
late, a publisher site.yaml does not name. The projects are found by load.projects."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from site_gen import interrupt, kinds, model
from site_gen.errors import Location, Problem
from site_gen.load.projects import STAGE_ZH, STAGES, ProjectRecord, Stage, _plain, collect
from site_gen.model import scoring

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
