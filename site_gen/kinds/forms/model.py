"""The standard forms: a file of filled-in forms (blocks.Form) of one kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Line, spec
from site_gen.model import DocumentBase
from site_gen.model.blocks import Form


@dataclass(frozen=True, kw_only=True)
class FormDocument(DocumentBase):
    """A file of filled-in standard forms of one kind (one per project or department)."""

    form_title: Line = spec(
        "表名", "照原表填写，例如 部门预算项目支出绩效自评表（2023年度）", default=""
    )
    contents: bool = spec("目录", "多于一张表时是否生成目录", default=True)
    forms: tuple[Form, ...] = spec("表")


@dataclass(frozen=True, kw_only=True)
class ProjectEvaluation(FormDocument):
    kind: Literal["project-evaluation"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class Monitoring(FormDocument):
    kind: Literal["monitoring"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class DepartmentTargets(FormDocument):
    kind: Literal["department-targets"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class DepartmentEvaluation(FormDocument):
    kind: Literal["department-evaluation"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class SpecialFundTargets(FormDocument):
    kind: Literal["special-fund-targets"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class SpecialFundEvaluation(FormDocument):
    kind: Literal["special-fund-evaluation"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class ProjectApplication(FormDocument):
    """申报表 as provinces lay them out: header with check boxes, 资金总额及构成, 项目实施进度计划,
    长期目标 and 年度目标, 长期绩效指标 and 年度绩效指标 (the fields of blocks.Form)."""

    kind: Literal["project-application"] = spec("文件类型")


DOCUMENTS: dict[str, type[DocumentBase]] = {
    "project-evaluation": ProjectEvaluation,
    "monitoring": Monitoring,
    "department-targets": DepartmentTargets,
    "department-evaluation": DepartmentEvaluation,
    "special-fund-targets": SpecialFundTargets,
    "special-fund-evaluation": SpecialFundEvaluation,
    "project-application": ProjectApplication,
}
