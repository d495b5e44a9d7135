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


def test_buttons_other_modules_build_are_routed_to_the_callback_that_reads_them() -> None:
    # A pattern is written here, apart from the module that builds the button's data, so
    # a renamed prefix must still reach its callback.
    from bot.capture_notice_sender import UNDO_PREFIX
    from bot.whole_show_texts import LOG_ALL

    built = {f"{UNDO_PREFIX}session-1": "bot.capture_notices:on_undo",
             f"{LOG_ALL}:c:show1": "bot.whole_shows:on_button",
             f"{LOG_ALL}:y:PL1": "bot.whole_shows:on_button"}
    for data, target in built.items():
        assert next(t for p, t in BUTTONS if re.match(p, data)) == target, data
