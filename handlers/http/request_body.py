"""Reading a JSON request body into its model; every way it can be wrong is a 400/413 (no I/O)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handlers.service import InvalidInput, TooLarge

Body = TypeVar("Body", bound=BaseModel)

LIST_FIELDS = ("episodes", "movies", "video_ids", "episode_ids")
"""The list fields of the sync bodies, each capped at the per-request item limit."""

_TOO_DEEP = "The body nests JSON arrays or objects too deeply."


def _field_error(error: ValidationError, model: type[BaseModel]) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    if first["type"] == "extra_forbidden" and len(first["loc"]) == 1:
        return f"{where}: is not a field of this request (use {', '.join(model.model_fields)})."
    return f"{where}: {first['msg']}"


def is_text(value: str) -> bool:
    """False for a string no UTF-8 transport can carry (a lone surrogate such as ``\\udc80``)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _decoded(raw: bytes) -> Any:
    try:
        data = json.loads(raw or b"null")
        # JSON may spell a lone surrogate as an escape; it would be stored and echoed back,
        # and no UTF-8 answer can carry it, so it is refused here.
        surrogate_free = is_text(json.dumps(data, ensure_ascii=False))
    except RecursionError:
        raise InvalidInput(_TOO_DEEP) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput(f"The body is not valid JSON: {error}.") from None
    if not surrogate_free:
        raise InvalidInput("The body holds a lone UTF-16 surrogate escape, which is not text.")
    return data


def parse_body(raw: bytes, model: type[Body], size_limit: str, max_items: int) -> Body:
    """The body as ``model``; ``size_limit`` is the wording of the limits for a 413."""
    data = _decoded(raw)
    if not isinstance(data, dict):
        raise InvalidInput("The body must be a JSON object.")
    for name in LIST_FIELDS:
        value = data.get(name)
        if isinstance(value, list) and len(value) > max_items:
            raise TooLarge(f"{name} has {len(value)} items. {size_limit}")
    try:
        # Strict: JSON's types are the contract (a boolean or the text "25" is no number
        # of minutes, 3.0 no count); an integer is still a number.
        return model.model_validate(data, strict=True)
    except ValidationError as error:
        raise InvalidInput(_field_error(error, model)) from None
