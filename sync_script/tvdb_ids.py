"""Choosing the TVDB id of a show folder or movie: preset, unambiguous match, or a prompt.

No I/O of its own: searching, asking and printing are passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sync_script.api import ApiAuthError, ApiError, ApiUnreachable, Candidate, SearchKind
from sync_script.model import item_name
from sync_script.names import search_query

Search = Callable[[str, SearchKind], Sequence[Candidate]]
Ask = Callable[[str], str]
Say = Callable[[str], None]

MAX_CANDIDATES = 5
MAX_PROMPTS = 6
"""Invalid answers tolerated before a subject is skipped, so a prompt loop always ends."""


def preset_key(name: str) -> str:
    """How ``--tvdb-id`` names are compared with folder and file names."""
    return item_name(name)


def unambiguous(query: str, candidates: Sequence[Candidate]) -> Candidate | None:
    """The one candidate that can be taken without asking, if there is exactly one.

    That is the only result, or the only result whose name equals the query (ignoring case).
    """
    if len(candidates) == 1:
        return candidates[0]
    wanted = query.casefold()
    exact = [candidate for candidate in candidates if candidate.name.casefold() == wanted]
    return exact[0] if len(exact) == 1 else None


def describe(candidate: Candidate) -> str:
    """A candidate as one line of a menu."""
    year = f" ({candidate.year})" if candidate.year else ""
    return f"{candidate.name}{year} [TVDB {candidate.tvdb_id}]"


@dataclass(frozen=True)
class Choice:
    """A parsed answer to the prompt."""

    tvdb_id: int | None = None
    new_query: str | None = None
    skip: bool = False


def parse_answer(answer: str, candidates: Sequence[Candidate]) -> Choice | None:
    """Read an answer: a menu number, ``id N`` or a number past the menu, text to search
    for instead, or an empty line to skip. ``None`` when the answer is not understood."""
    text = answer.strip()
    if not text or text.casefold() in {"s", "skip"}:
        return Choice(skip=True)
    lowered = text.casefold()
    if lowered.startswith("id"):
        digits = lowered[2:].lstrip(" :=#")
        return Choice(tvdb_id=int(digits)) if digits.isdigit() and int(digits) > 0 else None
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(candidates):
            return Choice(tvdb_id=candidates[number - 1].tvdb_id)
        return Choice(tvdb_id=number) if number > len(candidates) else None
    return Choice(new_query=text)


class TvdbIdChooser:
    """Finds the TVDB id for each show folder or movie that needs one."""

    def __init__(
        self,
        *,
        search: Search,
        say: Say,
        ask: Ask | None,
        presets: Mapping[str, int] | None = None,
        assume_yes: bool = False,
    ) -> None:
        self._search = search
        self._say = say
        self._ask = ask
        self._presets = {preset_key(name): tvdb_id for name, tvdb_id in (presets or {}).items()}
        self._assume_yes = assume_yes

    def preset(self, names: Iterable[str]) -> int | None:
        """The ``--tvdb-id`` answer given for any of these names."""
        for name in names:
            found = self._presets.get(preset_key(name))
            if found is not None:
                return found
        return None

    def choose(self, name: str, kind: SearchKind, aliases: Iterable[str] = ()) -> int | None:
        """The TVDB id for ``name``, or ``None`` to skip it for now."""
        preset = self.preset((name, *aliases))
        if preset is not None:
            return preset
        if self._ask is None and not self._assume_yes:
            self._say(f"  {name}: skipped (no way to ask; use --tvdb-id or --yes)")
            return None
        query = search_query(name)
        candidates = self._candidates(query, kind)
        if self._assume_yes:
            return self._without_asking(name, query, candidates)
        return self._prompt(name, kind, query, candidates)

    def _without_asking(self, name: str, query: str, candidates: Sequence[Candidate]) -> int | None:
        pick = unambiguous(query, candidates)
        if pick is None:
            found = f"{len(candidates)} candidates" if candidates else "no candidate"
            self._say(f"  {name}: {found} for {query!r}; skipped (use --tvdb-id to choose)")
            return None
        self._say(f"  {name}: {describe(pick)}")
        return pick.tvdb_id

    def _prompt(
        self, name: str, kind: SearchKind, query: str, candidates: Sequence[Candidate]
    ) -> int | None:
        assert self._ask is not None
        for _ in range(MAX_PROMPTS):
            self._show_menu(name, query, candidates)
            try:
                answer = self._ask("  number, id <TVDB id>, other search text, or Enter to skip: ")
            except EOFError:
                return None
            choice = parse_answer(answer, candidates)
            if choice is None:
                self._say("  not understood")
            elif choice.skip:
                return None
            elif choice.tvdb_id is not None:
                return choice.tvdb_id
            elif choice.new_query is not None:
                query = choice.new_query
                candidates = self._candidates(query, kind)
        self._say(f"  {name}: skipped")
        return None

    def _show_menu(self, name: str, query: str, candidates: Sequence[Candidate]) -> None:
        self._say(f"TVDB id for {name!r} (searched {query!r}):")
        if not candidates:
            self._say("  no candidates")
        for number, candidate in enumerate(candidates, start=1):
            self._say(f"  {number}. {describe(candidate)}")

    def _candidates(self, query: str, kind: SearchKind) -> list[Candidate]:
        try:
            return list(self._search(query, kind))[:MAX_CANDIDATES]
        except (ApiUnreachable, ApiAuthError):
            raise
        except ApiError as error:
            self._say(f"  TVDB search for {query!r} failed: {error.message}")
            return []
