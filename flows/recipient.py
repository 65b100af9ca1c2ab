"""Who an outbox row goes to, as known when it goes out (not when it was queued)."""

from __future__ import annotations

from base.i18n import LANGUAGES
from storage.repos.outbox import OutboxMessage
from storage.tx import Tx


async def language_at_send(tx: Tx, message: OutboxMessage) -> str:
    """The recipient's language now; the row's own language when they have chosen none.

    A row keeps its message key and parameters, never its words: someone who chose (or
    changed) their language after the row was queued reads it in the language they chose.
    """
    chosen = await tx.accounts.language_of(message.chat_id)
    return chosen if chosen in LANGUAGES else message.language
