"""What a door may ask of the logbook: a new log, an entry's changes (pydantic models, no I/O).

Apart from the rules that carry them out (``writes``), so the REST router can name them as
request bodies without loading the unit of work and the history with it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from handlers.service.core.activities import ACTIVITIES, Unit

ActivityName = Annotated[str, Field(
    max_length=40,
    # The schema lists the one activity table; the request is checked (aliases and a
    # suggestion for a typo included) by ``canonical``, not by the model.
    json_schema_extra={"enum": list(ACTIVITIES)},
    description="One of the activities; a word that names one (vn, yt, film…) is "
                "accepted too and stored as the activity it names.",
)]


class LogRequest(BaseModel):
    """What a door asks to log: minutes, or an amount with its unit; when; what."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    activity: ActivityName
    title: str = Field(default="", max_length=200)
    minutes: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    amount: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    unit: Unit | None = None
    episode_minutes: float | None = Field(default=None, gt=0, le=24 * 60, allow_inf_nan=False)
    date: str | None = Field(default=None, max_length=10)
    at: int | None = Field(default=None, ge=0)
    note: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)


class EntryChanges(BaseModel):
    """What an edit may change; which fields apply depends on the kind of entry. A field
    of no edit is refused by name: ignoring it would answer 200 and change nothing."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    minutes: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    date: str | None = Field(default=None, max_length=10)
    at: int | None = Field(default=None, ge=0)
    title: str | None = Field(default=None, max_length=200)
    activity: ActivityName | None = None
    note: str | None = Field(default=None, max_length=1000)
