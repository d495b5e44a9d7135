"""The Telegram routes name real callbacks, imported on their first call (no I/O)."""

from __future__ import annotations

import asyncio
import re

from bot.on_first_call import async_callback, resolve, sync_callback
from bot.update_routes import BUTTONS, COMMANDS, DOCUMENT, TEXT, UNKNOWN_COMMAND


def test_every_route_names_a_coroutine_function_that_exists() -> None:
    for target in (*(t for _, t in COMMANDS), *(t for _, t in BUTTONS),
                   DOCUMENT, TEXT, UNKNOWN_COMMAND, "bot.replies:on_error"):
        assert asyncio.iscoroutinefunction(resolve(target)), target


def test_every_menu_command_is_routed_and_no_button_pattern_shadows_another() -> None:
    from bot.command_menu import COMMANDS as MENU

    routed = {name for name, _ in COMMANDS}
    assert {name for name, _ in MENU} <= routed
    samples = {"^undo": "undo:1", "^ql:": "ql:x", "^s[sp]:": "ss:1", "^x[udDekf]": "xu1",
               "^xp:": "xp:2", "^xl": "xl1", "^x[wo]:": "xw:1", "^x[acy]": "xa1",
               r"^xs:[cy]\d+:": "xs:c2:", "^imp:": "imp:1", "^c[xa]:": "cx:1", "^cu:": "cu:1"}
    for pattern, _ in BUTTONS:
        first = next(p for p, _ in BUTTONS if re.match(p, samples[pattern]))
        assert first == pattern


def test_a_named_callback_is_the_function_it_names_once_called() -> None:
    assert sync_callback("os.path:join")("a", "b") == "a/b"
    call = async_callback("asyncio:sleep")
    assert call.__name__ == "asyncio:sleep"
    assert asyncio.run(call(0, "done")) == "done"
