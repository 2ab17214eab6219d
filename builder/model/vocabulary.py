"""The words records choose from: event types, actors' roles in an event, kinds of actor.

Today's lists (ACLED-like event types, roles, actor kinds) are the defaults; a briefing adds its
own words in the plugin's settings (``event_types``, ``roles``, ``actor_kinds`` in mkdocs.yml), so
a flood briefing can have ``flooding`` and ``evacuation`` without changing the tool. Records are
checked against the project's vocabulary by validation (builder/load/validate.py), and
``briefing schema`` writes it into the editors' JSON Schemas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.model.records import ACTOR_KINDS, EVENT_TYPES, ROLES, SLUG_PATTERN

FIELDS = ("event_types", "roles", "actor_kinds")


@dataclass(frozen=True)
class Vocabulary:
    event_types: tuple[str, ...] = EVENT_TYPES
    roles: tuple[str, ...] = ROLES
    actor_kinds: tuple[str, ...] = ACTOR_KINDS

    @classmethod
    def with_extra(cls, **extra: list[str] | tuple[str, ...] | None) -> Vocabulary:
        """The defaults plus the project's own words (in their order, repeats dropped)."""
        unknown = set(extra) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown vocabulary {sorted(unknown)}; use {', '.join(FIELDS)}")
        values = {}
        for field in FIELDS:
            words = list(extra.get(field) or ())
            bad = [w for w in words if not isinstance(w, str) or not re.fullmatch(SLUG_PATTERN, w)]
            if bad:
                raise ValueError(f"{field}: {bad!r} — use lowercase words joined by hyphens, e.g. 'flooding'")
            values[field] = tuple(dict.fromkeys((*getattr(cls, field), *words)))
        return cls(**values)
