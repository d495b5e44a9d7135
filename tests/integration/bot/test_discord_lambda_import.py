"""The Discord Lambda's entry module imports neither telegram nor matplotlib (a subprocess)."""

from __future__ import annotations

import subprocess
import sys


def test_the_discord_entry_loads_neither_telegram_nor_matplotlib() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, bot.discord.interactions_lambda;"
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'telegram', 'matplotlib'}))"],
        capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "[]"
