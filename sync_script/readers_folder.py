"""`immersion-tracker sync --readers DIR`: send new or changed reader exports (file, network I/O).

The folder is only read: its files are never moved or deleted. What was sent is kept by
content hash in a small state file in the folder, written after each file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

from sync_script.api import ApiError, TrackerApi
from sync_script.console import Console
from sync_script.readers_plan import STATE_NAME, Sent, is_export, to_send

EXIT_SENT = 0
EXIT_REFUSED = 1
_CHUNK = 1 << 20
ABOUT_THE_FILE = frozenset({400, 413, 415, 422})
"""Answers that judge the file itself (unreadable, over the upload limit): it is not sent
again until it changes, and the others still go. Any other refusal (a wrong password, a
wrong URL, the server down) stops the run and records nothing, so the next run sends the
same files."""


def digest_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    hashed = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            hashed.update(chunk)
    return hashed.hexdigest()


def load_state(folder: Path) -> dict[str, Sent]:
    """What was sent before; an unreadable state file means nothing was."""
    try:
        raw = json.loads((folder / STATE_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = raw.get("files") if isinstance(raw, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(path): Sent(str(entry.get("sha256", "")), bool(entry.get("accepted", True)))
            for path, entry in files.items() if isinstance(entry, dict)}


def save_state(folder: Path, state: dict[str, Sent]) -> None:
    """Written whole to a side file, then renamed: an interrupted run never breaks it."""
    body = {"version": 1, "files": {path: {"sha256": sent.digest, "accepted": sent.accepted}
                                    for path, sent in sorted(state.items())}}
    partial = folder / (STATE_NAME + ".partial")
    partial.write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
    os.replace(partial, folder / STATE_NAME)


def exports(folder: Path) -> list[tuple[str, str]]:
    """(path relative to the folder, hash) of every file that may be an export."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and is_export(relative):
            found.append((relative, digest_of(path)))
    return found


def sync_readers(folder: Path, api: TrackerApi | None, console: Console, *,
                 dry_run: bool = False) -> int:
    """Send each new or changed export to ``POST /import``; 1 when the tracker refused one."""
    state = load_state(folder)
    found = exports(folder)
    digests = dict(found)
    pending = to_send(found, state)
    if not pending:
        console.say(f"Nothing new in {folder}.")
        return EXIT_SENT
    refused = 0
    for relative in pending:
        if dry_run or api is None:
            console.say(f"Would send {relative}.")
            continue
        try:
            answer = api.import_file(gzip.compress((folder / relative).read_bytes()))
        except ApiError as error:
            if error.status not in ABOUT_THE_FILE:
                raise  # not the file's fault: try again next time
            refused += 1
            console.error(f"{relative}: {error.message}")
            state[relative] = Sent(digests[relative], accepted=False)
        else:
            console.say(_told(relative, answer))
            state[relative] = Sent(digests[relative], accepted=True)
        save_state(folder, state)
    return EXIT_REFUSED if refused else EXIT_SENT


def _told(relative: str, answer: dict[str, object]) -> str:
    added = answer.get("added", 0)
    text = (f"{relative}: {answer.get('format')}, {added} day{'' if added == 1 else 's'} added,"
            f" {answer.get('replaced', 0)} updated, {answer.get('skipped_duplicates', 0)}"
            " unchanged.")
    notes = answer.get("notes")
    if isinstance(notes, list) and notes:
        text += " " + " ".join(str(note) for note in notes)
    return text
