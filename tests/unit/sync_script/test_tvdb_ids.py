"""Choosing TVDB ids: presets, the unambiguous rule of --yes, and the prompt."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sync_script.api import ApiError, ApiUnreachable, Candidate, SearchKind
from sync_script.tvdb_ids import Choice, TvdbIdChooser, parse_answer, unambiguous

HAIKYUU = Candidate(270065, "Haikyu!!", "2014")
HAIKYUU_MOVIE = Candidate(9000001, "Haikyu!! The Movie", "2015")
FREE = Candidate(278157, "Free!", "2013")


class Searches:
    """Search results by query, remembering the queries asked."""

    def __init__(self, results: dict[str, list[Candidate]], error: ApiError | None = None) -> None:
        self.results = results
        self.error = error
        self.queries: list[tuple[str, SearchKind]] = []

    def __call__(self, query: str, kind: SearchKind) -> Sequence[Candidate]:
        self.queries.append((query, kind))
        if self.error is not None:
            raise self.error
        return self.results.get(query, [])


class Answers:
    """Scripted answers to the prompt; EOF when they run out."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)

    def __call__(self, prompt: str) -> str:
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)


def _chooser(
    searches: Searches,
    ask: Answers | None = None,
    *,
    yes: bool = False,
    presets: dict[str, int] | None = None,
) -> tuple[TvdbIdChooser, list[str]]:
    said: list[str] = []
    chooser = TvdbIdChooser(
        search=searches, say=said.append, ask=ask, presets=presets, assume_yes=yes
    )
    return chooser, said


def test_unambiguous_means_one_result_or_one_exact_name() -> None:
    assert unambiguous("anything", [HAIKYUU]) == HAIKYUU
    assert unambiguous("haikyu!!", [HAIKYUU_MOVIE, HAIKYUU]) == HAIKYUU
    assert unambiguous("Haikyu", [HAIKYUU_MOVIE, HAIKYUU]) is None
    assert unambiguous("Free!", [FREE, FREE]) is None
    assert unambiguous("x", []) is None


@pytest.mark.parametrize(
    ("answer", "choice"),
    [
        ("", Choice(skip=True)),
        ("  s ", Choice(skip=True)),
        ("2", Choice(tvdb_id=HAIKYUU.tvdb_id)),
        ("id 1", Choice(tvdb_id=1)),
        ("ID:278157", Choice(tvdb_id=278157)),
        ("278157", Choice(tvdb_id=278157)),
        ("Haikyuu second season", Choice(new_query="Haikyuu second season")),
        ("0", None),
        ("id x", None),
    ],
)
def test_answers_are_parsed(answer: str, choice: Choice | None) -> None:
    assert parse_answer(answer, [HAIKYUU_MOVIE, HAIKYUU]) == choice


def test_a_preset_wins_without_a_search() -> None:
    searches = Searches({})
    chooser, _ = _chooser(searches, presets={"すずめの戸締まり.mp4": 331904})
    assert chooser.choose("すずめの戸締まり", "movie", ["すずめの戸締まり.mp4"]) == 331904
    assert searches.queries == []


def test_yes_takes_an_unambiguous_candidate_of_the_cleaned_name() -> None:
    searches = Searches({"Haikyu!!": [HAIKYUU_MOVIE, HAIKYUU]})
    chooser, said = _chooser(searches, yes=True)
    assert chooser.choose("[SubsPlease] Haikyu!! - 01 (1080p)", "series") == HAIKYUU.tvdb_id
    assert searches.queries == [("Haikyu!!", "series")]
    assert "Haikyu!!" in said[-1]


def test_yes_skips_when_it_would_have_to_guess() -> None:
    searches = Searches({"Haikyu": [HAIKYUU_MOVIE, HAIKYUU]})
    chooser, said = _chooser(searches, Answers("1"), yes=True)
    assert chooser.choose("Haikyu", "series") is None
    assert "skipped" in said[-1]


def test_the_prompt_offers_candidates_and_takes_a_number() -> None:
    searches = Searches({"Haikyu": [HAIKYUU_MOVIE, HAIKYUU]})
    chooser, said = _chooser(searches, Answers("2"))
    assert chooser.choose("Haikyu", "series") == HAIKYUU.tvdb_id
    assert any("1. Haikyu!! The Movie (2015) [TVDB 9000001]" in line for line in said)


def test_the_prompt_can_search_again_and_ends_on_end_of_input() -> None:
    searches = Searches({"Free": [], "Free!": [FREE]})
    chooser, _ = _chooser(searches, Answers("Free!", "1"))
    assert chooser.choose("Free", "series") == FREE.tvdb_id
    assert searches.queries == [("Free", "series"), ("Free!", "series")]
    chooser, _ = _chooser(Searches({}), Answers())
    assert chooser.choose("Free", "series") is None


def test_endless_nonsense_is_skipped_after_a_few_tries() -> None:
    chooser, said = _chooser(Searches({}), Answers(*["0"] * 100))
    assert chooser.choose("Free", "series") is None
    assert said[-1].endswith("skipped")


def test_without_a_way_to_ask_nothing_is_guessed() -> None:
    searches = Searches({"Free!": [FREE]})
    chooser, _ = _chooser(searches, None)
    assert chooser.choose("Free!", "series") is None
    assert searches.queries == []


def test_a_failed_search_still_lets_the_user_type_an_id() -> None:
    chooser, said = _chooser(Searches({}, ApiError("503 TVDB down", 503)), Answers("id 278157"))
    assert chooser.choose("Free!", "series") == 278157
    assert any("503 TVDB down" in line for line in said)


def test_an_unreachable_api_is_not_swallowed() -> None:
    chooser, _ = _chooser(Searches({}, ApiUnreachable("gone")), Answers(), yes=True)
    with pytest.raises(ApiUnreachable):
        chooser.choose("Free!", "series")
