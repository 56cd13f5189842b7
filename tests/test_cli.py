"""The command line: exit codes, Chinese messages, and that build.py is the same command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.cli import main
from tests.conftest import ROOT, write_site
from tests.fixtures_base import NARRATIVE


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_validate_ok_and_with_errors(tmp_path: Path) -> None:
    code, out = run("validate", str(ROOT))
    assert code == 0 and "检查通过" in out
    bad = write_site(
        tmp_path / "bad", {"2022/a.yaml": NARRATIVE.replace("title: 公开说明", "titel: 公开说明")}
    )
    code, out = run("validate", str(bad))
    assert code == 1
    assert "content/2022/a.yaml:2:1: 错误 [titel] 未知字段 “titel”" in out
    assert "提示：您是否想写 “title”？" in out
    assert "共 2 处错误，0 处警告。" in out


def test_validate_one_file_and_json(tmp_path: Path) -> None:
    path = ROOT / "content" / "2018" / "hangzhou-progress-1-9.yaml"
    code, _ = run("validate", str(path))
    assert code == 0
    bad = write_site(tmp_path / "s", {"2018/a.yaml": "kind: progress\n"})
    code, out = run("validate", "--json", str(bad / "content" / "2018" / "a.yaml"))
    assert code == 1
    data = json.loads(out)
    assert {d["field"] for d in data} >= {"title", "groups"}
    assert all(d["line"] == 1 for d in data)


@pytest.mark.slow
def test_build_errors_exit_1_and_keep_output(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    code, _ = run("build", str(root), "--no-pdf", "-o", str(out))
    assert code == 0 and (out / "2022" / "a.html").exists()
    before = (out / "2022" / "a.html").read_bytes()
    (root / "content" / "2022" / "a.yaml").write_text(
        NARRATIVE.replace("year: 2022", "year: 2021"), encoding="utf-8"
    )
    code, output = run("build", str(root), "--no-pdf", "-o", str(out))
    assert code == 1
    assert "年度 2021 与所在文件夹 2022 不一致" in output and "上次生成的网站保持不变" in output
    assert (out / "2022" / "a.html").read_bytes() == before


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("build", "--no-such-option")[0] == 2
    assert run("validate", str(tmp_path / "missing"))[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("build", "--jobs", "0")[0] == 2  # at least one PDF worker


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    from tests.fixtures_base import PROJECTS

    root = write_site(tmp_path / "s", {"2021/a.yaml": PROJECTS.replace("0.07亿元", "9亿元")})
    assert run("validate", str(root))[0] == 0
    code, out = run("validate", "--strict", str(root))
    assert code == 1 and "前言中写的 “预算金额9亿元”" in out
    code, out = run("build", "--strict", "--no-pdf", str(root), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()


def test_schema_is_json_schema_of_every_kind() -> None:
    code, out = run("schema")
    assert code == 0
    schema = json.loads(out)
    kinds = {
        schema["$defs"][ref["$ref"].split("/")[-1]]["properties"]["kind"]["enum"][0]
        for ref in schema["oneOf"]
    }
    assert kinds == {
        "target-completion",
        "progress",
        "project-targets",
        "narrative",
        "project-evaluation",
        "monitoring",
        "department-targets",
        "department-evaluation",
        "special-fund-targets",
        "special-fund-evaluation",
        "project-application",
        "evaluation-scorecard",
        "indicator-series",
    }
    figure = schema["$defs"]["BudgetRow"]["properties"]["initial"]["anyOf"][0]
    assert {"type": "string"} in figure["anyOf"] and {"type": "number"} in figure["anyOf"]
    project = schema["$defs"]["Project"]
    assert project["properties"]["code"]["title"] == "项目编码"
    assert project["additionalProperties"] is False
    code, out = run("schema", "--site")
    assert json.loads(out)["properties"]["base_url"]["title"] == "网站地址"


@pytest.mark.slow  # real processes: the console entry points
def test_build_py_is_the_same_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "validate", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "检查通过" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "site_gen", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and "validate" in result.stdout


def test_unexpected_errors_show_no_traceback(tmp_path: Path, monkeypatch) -> None:
    from site_gen.build import pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "build", boom)
    root = write_site(tmp_path / "s", {"2022/a.yaml": NARRATIVE})
    code, out = run("build", str(root))
    assert code == 1 and "内部错误：RuntimeError: boom" in out and "Traceback" not in out


@pytest.mark.slow  # real processes: the console entry points
def test_help_and_usage_errors_are_in_chinese() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "site_gen", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert (
        result.stdout.startswith("用法：site-gen [选项] 命令 [参数]...")
        and "显示帮助并退出。" in result.stdout
    )
    result = subprocess.run(
        [sys.executable, "-m", "site_gen", "build", "--nope"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert (
        "用法错误：没有这个选项 '--nope'" in result.stderr
        and "运行 “site-gen build -h” 查看帮助。" in result.stderr
    )
