"""Logs at DEBUG hold kisbot's ids and timings, never what people typed, names or secrets."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.logs import LIBRARY_LOGGERS, configure_logging
from tests.harness import Kisbot
from tests.intake_helpers import STAFF_ID, short_talk_submitted

# Over HTTP: the adapter's own log lines (bot/dispatch) are part of what is checked.
pytestmark = pytest.mark.over_http


async def test_a_whole_intake_at_debug_logs_no_text_name_code_or_token(
    kisbot: Kisbot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    bot_logging: None,
) -> None:
    secret = "W" * 40
    configure_logging("DEBUG", [kisbot.server.token, secret])
    # Libraries set their levels back (as a careless upgrade might): the filter still holds.
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    await kisbot.add_staff(STAFF_ID, "Teodozja Staffowa")
    person, participant_id, code = await short_talk_submitted(
        kisbot, monkeypatch, tmp_path, "Zenobia Wrzosowska", "szydełkowanie-i-kaktusy"
    )
    await person.send("/mydata")
    staff = kisbot.server.user(STAFF_ID, "Teodozja", language_code="pl")
    await staff.send(f"/card {participant_id}")
    await kisbot.server.settled()
    out = capsys.readouterr().err
    assert "committed in" in out  # DEBUG is on: kisbot's own ids and timings are there
    for private in (
        "szydełkowanie",
        "Zenobia",
        "Wrzosowska",
        "Teodozja",
        code,
        kisbot.server.token,
        kisbot.server.token.split(":")[1],
        secret,
    ):
        assert private not in out, private
