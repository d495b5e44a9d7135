"""How capture bodies spell their values: numbers, booleans, times, absent fields (pure).

Every source may send a number as a JSON number or a numeric string, a boolean as a JSON
boolean or ``true``/``True``, an empty string for "absent", and .NET times with seven
fractional digits; these readers accept all of them and name the field when they cannot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from handlers.service.core.errors import InvalidInput

TICKS_PER_SECOND = 10_000_000
_FRACTION = re.compile(r"(\.\d{6})\d+")


def present(value: Any) -> bool:
    return value is not None and value != ""


def text(body: Mapping[str, Any], name: str, limit: int = 300) -> str:
    """A string field ('' when absent); a number is read as its text."""
    value = body.get(name)
    if not present(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(f"{name}: must be a string.")
    return str(value).strip()[:limit]


def number(body: Mapping[str, Any], name: str) -> float | None:
    """A number field, given as a number or a numeric string; None when absent."""
    value = body.get(name)
    if not present(value):
        return None
    if isinstance(value, bool):
        raise InvalidInput(f"{name}: must be a number.")
    try:
        found = float(value) if isinstance(value, int | float) else float(str(value))
    except (TypeError, ValueError):
        raise InvalidInput(f"{name}: must be a number.") from None
    if not math.isfinite(found) or found < 0:
        raise InvalidInput(f"{name}: must be a finite number, not negative.")
    return found


def whole(body: Mapping[str, Any], name: str) -> int | None:
    found = number(body, name)
    return None if found is None else int(found)


def flag(body: Mapping[str, Any], name: str) -> bool | None:
    """A boolean field: true/false in any case or a JSON boolean; None when absent."""
    value = body.get(name)
    if not present(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidInput(f"{name}: must be true or false.")


def moment(body: Mapping[str, Any], name: str) -> float | None:
    """An event time as epoch seconds: a number, or ISO 8601 / RFC 3339 (7 digits allowed)."""
    value = body.get(name)
    if not present(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
        cleaned = _FRACTION.sub(r"\1", value.strip().replace("Z", "+00:00"))
        try:
            parsed = datetime.fromisoformat(cleaned)
        except ValueError:
            raise InvalidInput(f"{name}: is not an ISO 8601 time.") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.timestamp()
    raise InvalidInput(f"{name}: is not a time.")


def ticks(body: Mapping[str, Any], name: str) -> float | None:
    """A .NET tick count (100 ns) as seconds; None when absent."""
    found = number(body, name)
    return None if found is None else found / TICKS_PER_SECOND


def section(body: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """A nested object ({} when absent); anything else names the field."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{name}: must be a JSON object.")
    return value
