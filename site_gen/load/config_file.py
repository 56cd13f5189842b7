"""site.yaml → the site's configuration (model.SiteConfig), checked: publishers, deadlines."""

from __future__ import annotations

import functools
from dataclasses import replace

from site_gen import kinds, model
from site_gen.errors import Location, Problem, suggest
from site_gen.load import project_checks
from site_gen.load.convert import INVALID, Converter
from site_gen.load.placeholders import find_placeholders
from site_gen.load.site_folder import SitePaths
from site_gen.load.yamlsrc import parse, read_bytes


def load_config(paths: SitePaths) -> tuple[model.SiteConfig | None, list[Problem]]:
    name = paths.display(paths.site_file)
    if not paths.site_file.exists():
        return None, [
            Problem(
                Location(name),
                "",
                "找不到网站配置文件 site.yaml",
                hint=(
                    f"{paths.root} 不是网站文件夹。新建一个网站：site-gen new 文件夹名"
                    "（写好 site.yaml 和每类文件的示例）；已有网站请在它的文件夹中运行，"
                    "或把文件夹写在命令后面"
                ),
            )
        ]
    data, problems = read_bytes(paths.site_file, name)
    if data is None:
        return None, problems
    config, found = _config_of(name, data)
    return config, list(found)


# The preview loads site.yaml on every edit, and a province's lists hundreds of publishers:
# the same bytes give the same (immutable) configuration and problems.
@functools.lru_cache(maxsize=2)
def _config_of(name: str, data: bytes) -> tuple[model.SiteConfig | None, tuple[Problem, ...]]:
    config, problems = _convert_config(name, data)
    return config, tuple(problems)


def _convert_config(name: str, data: bytes) -> tuple[model.SiteConfig | None, list[Problem]]:
    root, problems = parse(name, data)
    if root is None:
        return None, problems
    conv = Converter(name)
    config = conv.record(root, model.SiteConfig, "")
    problems += conv.problems + find_placeholders(name, root, draft=False)
    if config is INVALID:
        return None, problems
    if not config.publishers:
        config = replace(config, publishers=(model.Publisher(id="main", name=config.publisher),))
    ids = [p.id for p in config.publishers]
    names = [p.name for p in config.publishers]
    seen: set[str] = set()
    for i, pid in enumerate(ids):
        if pid in seen:
            problems.append(
                Problem(
                    conv.where(f"publishers[{i}].id"),
                    f"publishers[{i}].id",
                    f"发布单位编号 “{pid}” 重复",
                )
            )
        seen.add(pid)
    known = list(kinds.names())
    for i, rule in enumerate(config.deadlines):
        if not kinds.known(rule.kind):
            problems.append(
                Problem(
                    conv.where(f"deadlines[{i}].kind"),
                    f"deadlines[{i}].kind",
                    f"未知的文件类型 “{rule.kind}”",
                    expected="、".join(known),
                    hint=suggest(rule.kind, known),
                )
            )
        if project_checks.deadline_of(rule, 2024) is None:  # 2024: a leap year accepts 02-29
            problems.append(
                Problem(conv.where(f"deadlines[{i}].by"), f"deadlines[{i}].by", "没有这一天")
            )
    if config.publisher not in names:
        problems.append(
            Problem(
                conv.where("publisher"),
                "publisher",
                f"默认发布单位 “{config.publisher}” 不在 publishers 列表中",
                hint="在 publishers 中加入这个单位",
            )
        )
    return config, problems
