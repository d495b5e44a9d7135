"""The sync command line: options over environment, usage errors, the import boundary."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sync_script.cli import UsageError, build_parser, parse_presets, run
from sync_script.console import Console
from tests.unit.sync_script.library_files import episode, tree

CREDENTIALS = {"IMMERSION_TRACKER_USER": "a", "IMMERSION_TRACKER_PASSWORD": "p"}


def _run(argv: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()

    def no_input(prompt: str) -> str:
        raise EOFError

    status = run(
        build_parser().parse_args(argv),
        environ=environ,
        console=Console(out, err),
        ask=no_input,
    )
    return status, out.getvalue(), err.getvalue()


def test_presets_split_on_the_last_equals_sign() -> None:
    assert parse_presets(["a=b=12", "ハイキュー!!=270065"]) == {"a=b": 12, "ハイキュー!!": 270065}
    for wrong in ("Free!", "=12", "Free!=x", "Free!=0", "Free!=-3"):
        with pytest.raises(UsageError, match="FOLDER_OR_FILE=ID"):
            parse_presets([wrong])


def test_a_dry_run_needs_no_server_and_no_password(tmp_path: Path) -> None:
    episode(tmp_path, "Free!", "Free! - 01.mkv")
    before = tree(tmp_path)
    status, out, err = _run(["--library", str(tmp_path), "--dry-run"], {})
    assert (status, err) == (0, "")
    assert "Would send POST /sync (request 1, 1 episode):" in out
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    ("argv", "environ", "message"),
    [
        ([], {}, "no API URL"),
        (["--api-url", "ftp://x"], {}, "must start with http"),
        (["--api-url", "http://[::1"], CREDENTIALS, "not a valid URL"),
        (["--api-url", "http://localhost:abc"], CREDENTIALS, "not a valid URL"),
        ([], {"IMMERSION_TRACKER_API_URL": "http://127.0.0.1:9"}, "no user"),
        (["--user", "a", "--api-url", "http://127.0.0.1:9"], {}, "no password"),
        (["--tvdb-id", "Free!"], {}, "FOLDER_OR_FILE=ID"),
    ],
)
def test_usage_errors_exit_two_with_one_line(
    tmp_path: Path, argv: list[str], environ: dict[str, str], message: str
) -> None:
    episode(tmp_path, "Free!", "Free! - 01.mkv")
    status, _, err = _run(["--library", str(tmp_path), *argv], environ)
    assert status == 2
    assert message in err and err.count("\n") == 1
    assert (tmp_path / "shows" / "Free!" / "watched" / "Free! - 01.mkv").exists()


def test_a_missing_library_is_a_usage_error(tmp_path: Path) -> None:
    status, _, err = _run(["--library", str(tmp_path / "nope")], {})
    assert status == 2 and "does not exist" in err


@pytest.mark.parametrize(
    "url", ["http://api.example.com/prod", "http://10.0.0.5:8080", "http://localhost.evil.org"]
)
def test_credentials_never_go_over_plain_http_to_another_host(tmp_path: Path, url: str) -> None:
    episode(tmp_path, "Free!", "Free! - 01.mkv")
    environ = {"IMMERSION_TRACKER_USER": "a", "IMMERSION_TRACKER_PASSWORD": "pw"}
    status, _, err = _run(["--library", str(tmp_path), "--api-url", url], environ)
    assert status == 2
    assert "https" in err and "--allow-insecure-http" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "url"),
    [
        ([], "http://127.0.0.1:9"),
        ([], "http://127.8.9.10:9/prod"),
        ([], "http://[::1]:9"),
        ([], "http://localhost:9"),
        ([], "https://api.example.com"),
        (["--allow-insecure-http"], "http://api.example.com"),
    ],
)
def test_https_loopback_or_an_explicit_override_pass_the_check(
    tmp_path: Path, argv: list[str], url: str
) -> None:
    # The password check comes after the URL check: reaching it means the URL passed.
    environ = {"IMMERSION_TRACKER_API_URL": url, "IMMERSION_TRACKER_USER": "a"}
    status, _, err = _run(["--library", str(tmp_path), *argv], environ)
    assert status == 2 and "no password" in err
