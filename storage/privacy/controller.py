"""The club as data controller: its legal name, address and data-protection contact.

Participants see them in /privacy and before they consent (GDPR art. 13(1)(a) and (b)); the
DPIA draft names them. Stored in club_settings; every change is in the audit log.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from base.clean import clean_line
from storage.tx import Tx

FIELDS = ("legal_name", "address", "contact")
MAX_LENGTH = {"legal_name": 200, "address": 200, "contact": 200}
_KEY = "controller.{}"


@dataclass(frozen=True)
class Controller:
    """What a participant must be told about who is responsible for their data."""

    legal_name: str | None = None
    address: str | None = None
    contact: str | None = None

    @property
    def complete(self) -> bool:
        """All three details are set."""
        return all(getattr(self, f) for f in FIELDS)


class ControllerError(ValueError):
    """A detail is not acceptable; the message names the field."""


async def controller_of(tx: Tx, club_id: int) -> Controller:
    """The club's controller details (unset ones None)."""
    stored = await tx.club_settings.all(club_id)
    return Controller(**{f: stored.get(_KEY.format(f)) or None for f in FIELDS})


async def set_controller(
    tx: Tx, club_id: int, changes: dict[str, str], actor: str, now: datetime
) -> Controller:
    """Change some details (cleaned; an empty value unsets one); audit-logged."""
    cleaned: dict[str, str] = {}
    for field, value in changes.items():
        if field not in FIELDS:
            raise ControllerError(f"{field}: unknown; known: {', '.join(FIELDS)}")
        text = clean_line(value)
        if len(text) > MAX_LENGTH[field]:
            raise ControllerError(f"{field}: at most {MAX_LENGTH[field]} characters")
        cleaned[field] = text
    for field, text in cleaned.items():
        await tx.club_settings.put(club_id, _KEY.format(field), text or None)
    if cleaned:
        await tx.audit.record(
            now,
            actor,
            "club.controller_set",
            club_id=club_id,
            detail=json.dumps(sorted(cleaned)),
        )
    return await controller_of(tx, club_id)


def as_dict(controller: Controller) -> dict[str, str | None]:
    """For --json."""
    return asdict(controller)
