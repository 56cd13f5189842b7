"""Text in 【】 left from a starter file: refused before it is published as the source's own.

`site-gen new` writes every text field as a 【placeholder】 (【网站标题，例如 预算绩效信息公开】).
A file that still holds one would publish the instruction as the bureau's words, so a
placeholder in site.yaml or in a document to be published is an error; in a draft (not
published yet) it is a warning, so that the preview still shows the draft while it is filled.
Government text uses 【】 for its own headings too (【政策依据】), so only text that reads as an
instruction counts: 例如, 照原件/原文, or a field name the starters use; any other 【…】 is
a warning a document may silence (check `placeholder`).
"""

from __future__ import annotations

import re

from site_gen.errors import Problem
from site_gen.load.yamlsrc import MappingNode, Node, ScalarNode, SequenceNode, location

_BRACKETED = re.compile(r"【([^【】\n]{1,80})】")
# Words of the starters' instructions; tests/test_placeholders.py keeps this in step with them.
_INSTRUCTION = re.compile(
    r"例如|照原|原件|全称|一句话|尚未|^正文|"
    r"^(?:目标名称|目标内容|目标类别|考核指标|当月进度|累计进度|指标名称|三级指标名称|项目名称|"
    r"项目编码|报表编号|主管部门|实施单位|部门名称|单位名称|类别|期间|单位|基线值|目标值|该期目标值|"
    r"实际完成值|年初预算数|调整后预算数|执行数|1-6月执行情况|本年度预算申请金额（元）|"
    r"完成情况综述|具体成效一|资金总额|金额|项目实施内容|开始时间|完成时间)$"
)


def find_placeholders(file: str, root: Node, *, draft: bool) -> list[Problem]:
    """Every 【…】 placeholder in a file's values, at its line and column."""
    found: list[Problem] = []

    def walk(node: Node, path: str) -> None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                walk(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{path}[{i}]")
        elif isinstance(node, ScalarNode):
            for match in _BRACKETED.finditer(str(node.value)):
                found.append(_problem(file, node, path, match.group(0), draft))

    walk(root, "")
    return found


def _problem(file: str, node: ScalarNode, path: str, text: str, draft: bool) -> Problem:
    where = location(file, node)
    if _INSTRUCTION.search(text[1:-1]):
        return Problem(
            where,
            path,
            f"“{text}” 是示例文件的占位文字，尚未换成原件的内容",
            hint="照原件填写；原件没有这一栏就删去这个字段（不要编造）",
            severity="warning" if draft else "error",
        )
    return Problem(
        where,
        path,
        f"“{text}” 像是未替换的占位文字",
        hint="原件本来就这样写的，在 silence 中写明 check: placeholder 和理由",
        severity="warning",
        check="placeholder",
    )
