"""Progress display: a redrawn bar on a terminal, a few plain lines otherwise."""

from __future__ import annotations

import io

from sync_script.console import Console


def test_a_terminal_gets_one_redrawn_bar() -> None:
    out = io.StringIO()
    with Console(out, io.StringIO(), terminal=True).progress("Sending", 4) as progress:
        progress.advance(2)
        progress.advance(2)
    assert out.getvalue() == (
        "\rSending [" + "#" * 15 + "." * 15 + "] 2/4" + "\rSending [" + "#" * 30 + "] 4/4\n"
    )


def test_a_pipe_gets_about_ten_plain_lines() -> None:
    out = io.StringIO()
    with Console(out, io.StringIO()).progress("Deleting", 1000) as progress:
        for _ in range(1000):
            progress.advance()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert 10 <= len(lines) <= 11
    assert lines[-1] == "Deleting: 1000/1000"


def test_nothing_to_do_prints_nothing() -> None:
    out = io.StringIO()
    with Console(out, io.StringIO(), terminal=True).progress("Sending", 0) as progress:
        progress.advance()
    assert out.getvalue() == ""
