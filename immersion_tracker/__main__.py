"""``python -m immersion_tracker``: the same as the ``immersion-tracker`` command."""

from immersion_tracker.cli import main

raise SystemExit(main())
