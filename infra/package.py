"""Builds the Lambda zips api.zip, bot.zip and discord.zip for arm64 / CPython 3.12 (I/O: pip,
files)."""

from __future__ import annotations

import argparse
import importlib.metadata
import re
import stat
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "infra" / "build"

PIP_PLATFORM_ARGS = (
    "--platform",
    "manylinux2014_aarch64",
    "--implementation",
    "cp",
    "--python-version",
    "3.12",
    "--only-binary=:all:",
)

# boto3 (and botocore) ship with the python3.12 Lambda runtime; bundling them would add
# ~25 MB to every cold start for no gain.
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})

# The HTTP server of `immersion-tracker serve`: in AWS, API Gateway invokes the Lambdas,
# so it would only add to the package.
LOCAL_SERVER_ONLY = frozenset({"uvicorn"})

# What pip --target leaves that nothing imports at run time: console scripts (with this
# machine's interpreter path in their shebang, which would also break reproducibility),
# man pages, and numpy's own test suite.
PRUNED_TOP_LEVEL = frozenset({"bin", "share"})
PRUNED_DIR_NAMES = frozenset({"__pycache__"})
PRUNED_TEST_SUITES = ("numpy",)

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can hold: every entry gets it, so equal inputs give equal bytes."""

DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024
"""Largest zip Lambda accepts uploaded directly (Terraform's ``filename``)."""
UNZIPPED_LIMIT = 250 * 1024 * 1024
"""Largest unzipped function code Lambda accepts."""


@dataclass(frozen=True)
class Artifact:
    """One Lambda zip: our packages at its root plus the third-party packages of an extra."""

    name: str
    packages: tuple[str, ...]
    extra: str
    forbidden: tuple[str, ...] = ()
    """Top-level modules that must not be in the zip (kept out of the API's cold start)."""

    @property
    def file_name(self) -> str:
        return f"{self.name}.zip"


_SERVICE = ("retrying", "storage", "metadata_clients", "handlers")
API = Artifact("api", packages=_SERVICE, extra="server",
               forbidden=("telegram", "python-telegram-bot", "matplotlib"))
BOT = Artifact("bot", packages=(*_SERVICE, "bot"), extra="bot")
DISCORD = Artifact("discord", packages=(*_SERVICE, "bot"), extra="discord",
                   forbidden=("telegram", "python-telegram-bot"))
ARTIFACTS = (API, BOT, DISCORD)


class PackagingError(Exception):
    """An artifact cannot be built or breaks one of its limits."""


def distribution_name(requirement: str) -> str:
    """The normalised distribution name of a requirement string (PEP 503)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if match is None:
        raise PackagingError(f"unreadable requirement: {requirement!r}")
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def requirements_for(extra: str, pyproject: Path = REPO_ROOT / "pyproject.toml") -> list[str]:
    """Third-party requirements of an extra of our own distribution (its base dependencies
    and nested extras included), minus what the Lambda runtime provides and the local
    server's own HTTP server."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    own_name = distribution_name(project["name"])
    extras: dict[str, list[str]] = project.get("optional-dependencies", {})
    collected: list[str] = list(project.get("dependencies", []))
    pending = [extra]
    seen: set[str] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        if current not in extras:
            raise PackagingError(f"pyproject.toml has no extra {current!r}")
        seen.add(current)
        for requirement in extras[current]:
            if distribution_name(requirement) == own_name:
                nested = re.search(r"\[([^\]]+)\]", requirement)
                if nested:
                    pending.extend(name.strip() for name in nested.group(1).split(","))
            else:
                collected.append(requirement)
    left_out = PROVIDED_BY_RUNTIME | LOCAL_SERVER_ONLY
    wanted = [r for r in collected if distribution_name(r) not in left_out]
    return sorted(set(wanted), key=distribution_name)


def runtime_constraints() -> list[str]:
    """What the runtime's boto3 and botocore require of packages they share with ours.

    Our zip sits before the runtime's own packages on sys.path, so a dependency we bundle
    (python-dateutil, pulled in by matplotlib) is the one botocore imports: it must satisfy
    botocore's range too. Read from the boto3 installed here, which tracks the runtime's.
    """
    constraints: list[str] = []
    for distribution in sorted(PROVIDED_BY_RUNTIME):
        try:
            requires = importlib.metadata.requires(distribution) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            if ";" in requirement:  # optional extras (crt) are not in the runtime
                continue
            if distribution_name(requirement) not in PROVIDED_BY_RUNTIME:
                constraints.append(re.sub(r"\s*\((.*)\)", r"\1", requirement))
    return sorted(set(constraints))


def install_dependencies(
    requirements: Sequence[str], target: Path, constraints: Sequence[str] = ()
) -> None:
    """pip-installs wheels for Linux arm64 / CPython 3.12 into target (needs PyPI)."""
    constraints_file = target.parent / f"{target.name}-constraints.txt"
    constraints_file.write_text("".join(f"{line}\n" for line in constraints), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        # The conflicts pip would report are with this virtualenv, not with the target.
        "--no-warn-conflicts",
        "--constraint",
        str(constraints_file),
        *PIP_PLATFORM_ARGS,
        "--target",
        str(target),
        *requirements,
    ]
    completed = subprocess.run(command, check=False)
    if completed.returncode != 0:
        raise PackagingError(f"pip install failed with exit code {completed.returncode}")


def _is_pruned(relative: Path) -> bool:
    parts = relative.parts
    if parts[0] in PRUNED_TOP_LEVEL or PRUNED_DIR_NAMES.intersection(parts):
        return True
    if relative.suffix == ".pyc":
        return True
    return parts[0] in PRUNED_TEST_SUITES and "tests" in parts[1:-1]


def tree_files(root: Path, prefix: str = "") -> Iterator[tuple[str, Path]]:
    """(archive name, file) for every file under root that belongs in an artifact."""
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not _is_pruned(relative):
            yield prefix + relative.as_posix(), path


def artifact_files(artifact: Artifact, site_packages: Path, source_root: Path) -> dict[str, Path]:
    """Every file of an artifact by archive name: installed dependencies, then our packages."""
    files = dict(tree_files(site_packages))
    for package in artifact.packages:
        package_dir = source_root / package
        if not (package_dir / "__init__.py").is_file():
            raise PackagingError(f"package {package} not found in {source_root}")
        files.update(tree_files(package_dir, prefix=f"{package}/"))
    return files


def write_deterministic_zip(files: dict[str, Path], destination: Path) -> None:
    """A zip whose bytes depend only on the files' names and contents: sorted entries, one
    fixed timestamp, permissions reduced to executable or not."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            source = files[name]
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.create_system = 3  # Unix, so external_attr carries the mode bits
            executable = source.stat().st_mode & stat.S_IXUSR
            mode = 0o755 if executable else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, source.read_bytes(), compresslevel=9)


def forbidden_entries(names: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    """The top-level modules among archive names that are forbidden (packages, single-file
    modules and their .dist-info directories)."""
    banned = {re.sub(r"[-_.]+", "_", name).lower() for name in forbidden}
    found: set[str] = set()
    for name in names:
        top = name.split("/", 1)[0]
        module = top.removesuffix(".py")
        if top.endswith(".dist-info"):
            module = top.removesuffix(".dist-info").rsplit("-", 1)[0]
        if re.sub(r"[-_.]+", "_", module).lower() in banned:
            found.add(top)
    return sorted(found)


def check_artifact(artifact: Artifact, path: Path) -> None:
    """Fails when the zip holds a forbidden module or breaks Lambda's size limits."""
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
    bad = forbidden_entries((entry.filename for entry in entries), artifact.forbidden)
    if bad:
        raise PackagingError(f"{artifact.file_name} must not contain {', '.join(bad)}")
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > UNZIPPED_LIMIT:
        raise PackagingError(f"{artifact.file_name} unzips to {unzipped} bytes (> 250 MB)")
    if path.stat().st_size > DIRECT_UPLOAD_LIMIT:
        raise PackagingError(f"{artifact.file_name} is over the 50 MB direct-upload limit")


def build_artifact(
    artifact: Artifact, site_packages: Path, out_dir: Path, source_root: Path = REPO_ROOT
) -> Path:
    """Zips our packages and already-installed dependencies into out_dir, then checks it."""
    destination = out_dir / artifact.file_name
    write_deterministic_zip(artifact_files(artifact, site_packages, source_root), destination)
    check_artifact(artifact, destination)
    return destination


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def package(artifacts: Sequence[Artifact], out_dir: Path) -> list[Path]:
    """Installs each artifact's dependencies into a scratch directory and builds its zip."""
    built: list[Path] = []
    for artifact in artifacts:
        with tempfile.TemporaryDirectory(prefix=f"{artifact.name}-") as scratch:
            site_packages = Path(scratch) / "site-packages"
            site_packages.mkdir()
            install_dependencies(
                requirements_for(artifact.extra), site_packages, runtime_constraints()
            )
            path = build_artifact(artifact, site_packages, out_dir)
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(entry.file_size for entry in archive.infolist())
        print(f"{path}: {_megabytes(path.stat().st_size)} zipped, {_megabytes(unzipped)} unzipped")
        built.append(path)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python infra/package.py [--out DIR] [--only api|bot|discord]``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--only", choices=[a.name for a in ARTIFACTS], help="build one artifact only"
    )
    args = parser.parse_args(argv)
    chosen = [a for a in ARTIFACTS if args.only in (None, a.name)]
    try:
        package(chosen, args.out)
    except PackagingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
