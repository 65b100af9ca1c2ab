"""Typed text made safe to show to others; logs that never carry secrets."""

from __future__ import annotations

import logging

from base.clean import clean_block, clean_line
from bot.logs import RedactingFormatter


def test_invisible_and_direction_marks_are_dropped() -> None:
    assert clean_line("  Ewa\u202e kowalska\u200b \x07  ") == "Ewa kowalska"
    assert clean_line("Jan\tNowak\nII") == "Jan Nowak II"
    assert clean_line("Оля 👩\u200d🔧") == "Оля 👩\u200d🔧"  # emoji sequences keep their joiner
    assert clean_line("Zofia\u0301") == "Zofiá"  # combining marks are composed (NFC)


def test_blocks_keep_lines_but_not_runs_of_empty_ones() -> None:
    assert clean_block("first  line\n\n\n\nsecond\u2066 line\n") == "first line\n\nsecond line"


def test_secrets_are_redacted_in_messages_and_tracebacks() -> None:
    secret = "123456:SECRET-token-value-abcdefghij"
    formatter = RedactingFormatter("%(message)s", [secret])
    try:
        raise RuntimeError(f"request to /bot{secret}/getMe failed")
    except RuntimeError as exc:
        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "url %s",
            (secret,),
            (type(exc), exc, exc.__traceback__),
        )
    text = formatter.format(record)
    assert secret not in text
    assert text.count("[redacted]") >= 2
