"""The ``rebuild`` subcommand: recompute (or only check) the items kept beside the entries (I/O).

Users are handled one at a time, in name order, each completely before the next, so an
interrupted run is resumed with ``--from`` the user its last progress line named. A run
over every user first gives each leaderboard membership joined before users kept a record
of their memberships that record, so that removing the user finds it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from handlers.service import Service


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``rebuild`` on the top-level parser's subparsers."""
    rebuild = commands.add_parser(
        "rebuild", help="recompute the kept totals and history index from the entries"
    )
    rebuild.add_argument("--user", metavar="NAME", help="only this user (default: everyone)")
    rebuild.add_argument("--from", dest="start", metavar="NAME",
                         help="resume: only users from this name on, in name order")
    rebuild.add_argument("--verify", action="store_true",
                         help="change nothing; name each difference and exit 1 if any")
    rebuild.set_defaults(run=rebuild_command)


def rebuild_command(args: argparse.Namespace) -> int:
    from handlers.wiring import build_service

    service = build_service()
    try:
        if args.user:
            service.require_user(args.user)
        return run(service, args.user, args.start, args.verify)
    finally:
        service.close()


def run(service: Service, user: str | None, start: str | None, verify: bool) -> int:
    """Rebuild or verify, printing a progress line per user to stderr; the exit status."""
    names = [user] if user else [n for n in service.kept.users_in_store()
                                 if start is None or n >= start]
    different = 0 if user else memberships(service, verify)
    for number, name in enumerate(names, start=1):
        if verify:
            found = service.kept.verify(name)
            for difference in found:
                print(difference)
            different += len(found)
            done = f"{len(found)} differences"
        else:
            done = f"{service.kept.rebuild(name)} items written"
        print(f"rebuild: {number}/{len(names)} {name}: {done}", file=sys.stderr, flush=True)
    if verify:
        print(f"{different} differences" if different else "The kept items match the entries.",
              file=sys.stderr)
    return 1 if different else 0


def memberships(service: Service, verify: bool) -> int:
    """Record every leaderboard membership its user has no record of (or, verifying, name
    each); how many differences were found when verifying, else 0."""
    missing = service.leaderboards.unrecorded_memberships()
    if verify:
        for membership in missing:
            print(membership)
        return len(missing)
    written = service.leaderboards.record_memberships(missing)
    print(f"rebuild: {written} leaderboard memberships recorded for their users",
          file=sys.stderr, flush=True)
    return 0
