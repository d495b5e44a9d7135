"""The ``immersion-tracker`` command in this process, on a store kept in memory: bad input and
unusable paths are one ``error:`` line and a non-zero status, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.support.command_in_process import run_main

PRELINKED = "alice"  # known without a stored account: a pre-linked Telegram user


@pytest.fixture(autouse=True)
def memory_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMMERSION_TRACKER_STORAGE", "memory://")
    monkeypatch.setenv("IMMERSION_TRACKER_TELEGRAM_USERS", f"1234:{PRELINKED}")


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    return err


def test_importing_a_file_that_is_not_there_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.jsonl"
    assert run_main(["import", PRELINKED, str(missing)]) != 0
    err = _one_error_line(capsys)
    assert str(missing) in err and "No such file" in err


def test_importing_a_folder_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["import", PRELINKED, str(tmp_path)]) != 0
    err = _one_error_line(capsys)
    assert str(tmp_path) in err and "directory" in err


def test_exporting_into_a_folder_that_is_not_there_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "no" / "such" / "x.jsonl"
    assert run_main(["export", PRELINKED, "-o", str(output)]) != 0
    err = _one_error_line(capsys)
    assert str(output) in err and "No such file" in err
    assert not (tmp_path / "no").exists()


class _ClosedPipe(io.StringIO):
    """Standard output whose reader went away (``| head``)."""

    def isatty(self) -> bool:
        return False

    def write(self, _text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def writelines(self, _lines: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_an_export_whose_reader_went_away_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    assert run_main(["export", PRELINKED]) != 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", [
    ["export", "nobody", "-o", "{tmp}/out.jsonl"],
    ["import", "nobody", "{tmp}/in.jsonl"],
    ["import", "nobody", "--undo", "IMPORT1"],
    ["rebuild", "--user", "nobody"],
    ["rebuild", "--user", "nobody", "--verify"],
])
def test_a_user_nobody_knows_is_refused_as_users_remove_refuses_it(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.jsonl").write_text('{"pk": "USER#x", "sk": "LOG#1"}\n', encoding="utf-8")
    assert run_main([part.format(tmp=tmp_path) for part in command]) != 0
    assert _one_error_line(capsys) == "error: There is no user 'nobody'."
    assert not (tmp_path / "out.jsonl").exists()


def test_a_pre_linked_user_without_an_account_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["export", PRELINKED, "-o", str(tmp_path / "out.jsonl")]) == 0
    assert run_main(["rebuild", "--user", PRELINKED, "--verify"]) == 0
    assert "error" not in capsys.readouterr().err
