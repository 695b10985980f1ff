"""README opens with the two commands, and CI runs the second one exactly as written."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_opens_with_the_app_command_then_the_test_command() -> None:
    app, tests = _readme_commands()[:2]
    assert app.startswith("python3 -m venv .venv") and app.endswith("kiosk --demo")
    assert tests.startswith("python3 -m venv .venv") and tests.endswith(".venv/bin/pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = _readme_commands()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines
    assert ci_lines[-1] == test_command, "the test command must be the last thing CI runs, so its exit code is CI's"
