"""Building small library folders with real files for the sync client's tests (file I/O)."""

from __future__ import annotations

from pathlib import Path


def put(path: Path, size: int = 10) -> Path:
    """Create a file of ``size`` bytes, with its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * size)
    return path


def episode(library: Path, show: str, name: str, size: int = 10) -> Path:
    """A watched episode file of a show."""
    return put(library / "shows" / show / "watched" / name, size)


def movie(library: Path, name: str, size: int = 10) -> Path:
    """A watched movie file."""
    return put(library / "movies" / "watched" / name, size)


def tree(library: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, by relative POSIX path."""
    return {
        path.relative_to(library).as_posix(): path.read_bytes()
        for path in sorted(library.rglob("*"))
        if path.is_file()
    }
