"""The README's promises: its commands match CI, its example questionnaire is valid."""

from __future__ import annotations

import re
from pathlib import Path

from questionnaires.check import check_files

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = 'python -m pip install -e ".[test]" && python -m pytest'


def _code_blocks(language: str = "") -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = [block.strip() for block in re.findall(r"```\n(.*?)```", setup, re.DOTALL)]
    assert commands == ["python -m pip install -e . && kisbot run", TEST_COMMAND]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()


def test_example_questionnaire_passes_check(tmp_path: Path) -> None:
    example = next(b for b in _code_blocks("yaml") if "id: club_feedback" in b)
    path = tmp_path / "club_feedback.yaml"
    path.write_text(example, encoding="utf-8")
    assert [str(p) for p in check_files([path])] == []


def test_every_setting_is_documented() -> None:
    from bot.settings import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for field in Settings.model_fields.values():
        assert f"{field.alias}=" in example, field.alias
        assert f"`{field.alias}`" in README, field.alias
