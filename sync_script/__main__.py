"""``python -m sync_script``: runs the sync client (I/O through ``sync_script.cli``)."""

from __future__ import annotations

import sys

from sync_script.cli import main

sys.exit(main())
