"""Settings from environment variables, read the way pydantic-settings read them (reads os.environ).

A field's variable is a prefix and the field's name, or the field's own alias, in any case.
A plain function shared by every settings class: importing pydantic-settings (with asyncio,
argparse and dotenv) cost a Lambda's cold start more than reading a few variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo


def variable_name(prefix: str, field: str, info: FieldInfo) -> str:
    """The variable ``field`` is read from: its alias, else ``prefix`` and its name."""
    alias = info.validation_alias
    return alias if isinstance(alias, str) else prefix + field.upper()


def environment_values(prefix: str, fields: Mapping[str, FieldInfo]) -> dict[str, str]:
    """The fields whose variable is set, by field name (an empty value is a value)."""
    given = {name.lower(): value for name, value in os.environ.items()}
    found: dict[str, str] = {}
    for field, info in fields.items():
        name = variable_name(prefix, field, info).lower()
        if name in given:
            found[field] = given[name]
    return found
