"""The atomic rewrite of watched.txt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync_script.watched_file import read_text, remove_confirmed_lines, write_atomically

PSY = "9bZkp7q19f0"
NOTHING: frozenset[str] = frozenset()


def test_confirmed_lines_are_removed_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_bytes(f"https://youtu.be/{PSY}\nジャンク [*?#]\n".encode())
    assert remove_confirmed_lines(watched, frozenset({PSY}), NOTHING)
    assert watched.read_bytes() == "ジャンク [*?#]\n".encode()
    assert [path.name for path in tmp_path.iterdir()] == ["watched.txt"]


def test_an_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_text("junk\n")
    before = watched.stat().st_mtime_ns
    assert not remove_confirmed_lines(watched, frozenset({PSY}), NOTHING)
    assert watched.stat().st_mtime_ns == before


def test_bytes_that_are_not_utf8_survive(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_bytes(b"caf\xe9 note\nhttps://youtu.be/" + PSY.encode() + b"\n")
    remove_confirmed_lines(watched, frozenset({PSY}), NOTHING)
    assert watched.read_bytes() == b"caf\xe9 note\n"


def test_a_missing_file_is_nothing_to_do(tmp_path: Path) -> None:
    assert read_text(tmp_path / "watched.txt") == ""
    assert not remove_confirmed_lines(tmp_path / "watched.txt", frozenset({PSY}), NOTHING)


def test_a_failed_rename_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_text("original\n")

    def refuse(source: object, target: object) -> None:
        raise PermissionError("file in use")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomically(watched, "new\n")
    assert watched.read_text() == "original\n"
    assert [path.name for path in tmp_path.iterdir()] == ["watched.txt"]


def test_a_temporary_file_left_by_an_interrupted_rewrite_is_cleared(tmp_path: Path) -> None:
    watched = tmp_path / "watched.txt"
    watched.write_text(f"https://youtu.be/{PSY}\n")
    (tmp_path / ".watched.txt.abc123.tmp").write_text("half writ")
    (tmp_path / "notes.tmp").write_text("mine")
    remove_confirmed_lines(watched, frozenset({PSY}), NOTHING)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.tmp", "watched.txt"]


def test_a_linked_watched_txt_stays_a_link_and_its_target_is_rewritten(tmp_path: Path) -> None:
    elsewhere = tmp_path / "Dropbox"
    elsewhere.mkdir()
    target = elsewhere / "my-links.txt"
    target.write_text(f"https://youtu.be/{PSY}\nkeep me\n")
    library = tmp_path / "library"
    library.mkdir()
    watched = library / "watched.txt"
    watched.symlink_to(target)
    assert remove_confirmed_lines(watched, frozenset({PSY}), NOTHING)
    assert watched.is_symlink() and watched.resolve() == target
    assert target.read_text() == "keep me\n"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["my-links.txt"]
