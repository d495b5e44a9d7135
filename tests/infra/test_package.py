"""infra/package.py without network: requirements, pruning, deterministic zips (file I/O)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.infra.code_paths import complete_closure
from tests.infra.package_script import load_package_script

package = load_package_script()


def write(path: Path, text: str = "", mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_api_requirements_come_from_the_server_extra_without_boto3() -> None:
    names = {package.distribution_name(r) for r in package.requirements_for("server")}
    assert names == {"httpx", "pydantic", "tzdata", "orjson"}


def test_bot_requirements_add_telegram_and_matplotlib_to_the_server_ones() -> None:
    server = set(package.requirements_for("server"))
    bot = set(package.requirements_for("bot"))
    assert server < bot
    assert {package.distribution_name(r) for r in bot - server} == {
        "python-telegram-bot",
        "matplotlib",
    }


def test_nested_extras_of_our_own_distribution_are_expanded(tmp_path: Path) -> None:
    pyproject = write(
        tmp_path / "pyproject.toml",
        """
[project]
name = "Example_App"
dependencies = ["httpx>=0.27"]
[project.optional-dependencies]
base = ["boto3>=1", "pydantic>=2"]
more = ["example-app[base]", "rich"]
""",
    )
    assert package.requirements_for("more", pyproject) == ["httpx>=0.27", "pydantic>=2", "rich"]
    with pytest.raises(package.PackagingError):
        package.requirements_for("missing", pyproject)


def _site(root: Path, mtime: float) -> Path:
    site = root / "site"
    write(site / "httpx" / "__init__.py", "VERSION = 1\n", mtime)
    write(site / "httpx-0.28.1.dist-info" / "METADATA", "Name: httpx\n", mtime)
    write(site / "bin" / "httpx", "#!/some/venv/python\n", mtime)
    write(site / "numpy" / "_core" / "tests" / "test_x.py", "", mtime)
    write(site / "numpy" / "_core" / "multiarray.py", "", mtime)
    write(site / "httpx" / "__pycache__" / "x.cpython-311.pyc", "", mtime)
    return site


def _sources(root: Path, mtime: float) -> Path:
    for name in ("retrying", "storage", "metadata_clients", "handlers", "bot"):
        write(root / name / "__init__.py", f'"""{name}."""\n', mtime)
    write(root / "handlers" / "aws" / "__init__.py", "", mtime)
    write(root / "handlers" / "aws" / "api_lambda.py", "def lambda_handler(e, c): ...\n", mtime)
    return root


def test_equal_inputs_give_byte_identical_zips(tmp_path: Path) -> None:
    first = package.build_artifact(
        package.API,
        _site(tmp_path / "a", 1_000_000),
        tmp_path / "out-a",
        _sources(tmp_path / "a" / "src", 1_000_000),
    )
    second = package.build_artifact(
        package.API,
        _site(tmp_path / "b", 2_000_000),
        tmp_path / "out-b",
        _sources(tmp_path / "b" / "src", 2_000_000),
    )
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {package.ZIP_TIMESTAMP}


def test_artifact_holds_our_packages_and_dependencies_without_build_leftovers(
    tmp_path: Path,
) -> None:
    path = package.build_artifact(
        package.API, _site(tmp_path, 0), tmp_path / "out", _sources(tmp_path / "src", 0)
    )
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert {
        "handlers/__init__.py",
        "handlers/aws/__init__.py",
        "handlers/aws/api_lambda.py",
        "retrying/__init__.py",
        "storage/__init__.py",
        "metadata_clients/__init__.py",
        "httpx/__init__.py",
        "httpx-0.28.1.dist-info/METADATA",
        "numpy/_core/multiarray.py",
    } == names


def test_api_zip_with_telegram_or_matplotlib_is_refused(tmp_path: Path) -> None:
    site = _site(tmp_path, 0)
    write(site / "matplotlib-3.10.3.dist-info" / "METADATA")
    sources = _sources(tmp_path / "src", 0)
    with pytest.raises(package.PackagingError, match="matplotlib"):
        package.build_artifact(package.API, site, tmp_path / "out", sources)
    # The bot zip is where they belong.
    package.build_artifact(package.BOT, site, tmp_path / "out", sources)


@pytest.mark.parametrize(
    ("names", "found"),
    [
        (["telegram/__init__.py"], ["telegram"]),
        (["python_telegram_bot-22.8.dist-info/RECORD"], ["python_telegram_bot-22.8.dist-info"]),
        (["matplotlib.py"], ["matplotlib.py"]),
        (["telegram_links/x.py", "handlers/telegram.py", "mpl_toolkits/a.py"], []),
    ],
)
def test_forbidden_entries_are_recognised_by_top_level_name(
    names: list[str], found: list[str]
) -> None:
    assert package.forbidden_entries(names, ["telegram", "python-telegram-bot", "matplotlib"]) == (
        found
    )


def test_the_handlers_code_paths_stay_inside_their_artifacts() -> None:
    for entry, artifact in [
        ("handlers.aws.api_lambda", package.API),
        ("handlers.aws.authorizer", package.API),
        ("bot.webhook_lambda", package.BOT),
        ("bot.notifier_lambda", package.BOT),
        ("bot.discord.interactions_lambda", package.DISCORD),
    ]:
        closure = complete_closure(entry)
        assert closure.our_packages <= set(artifact.packages), entry
        assert not closure.third_party & set(artifact.forbidden), entry
