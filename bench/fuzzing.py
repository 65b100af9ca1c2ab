"""Random updates for kisbot: the hypothesis strategies and how each action is performed.

Shared by tests/test_fuzz_updates.py (bounded, in the suite) and bench.fuzz (long runs).
Every action goes through the fake Bot API server to the real Application, one at a time;
the fake server's waiter fails the action if a private message or a press gets no reply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from flows.common import LANGUAGE_NAMES
from tests.fakebot.users import FakeGroup, FakeUser
from tests.harness import BotUnderTest
from tests.intake_helpers import t

COMMANDS = ["start", "help", "language", "privacy", "mydata", "delete", "cancel", "x", "START"]
WHO = 4  # two participants in the questionnaire, one invited but not joined, one stranger

Action = tuple[Any, ...]


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Any script, emoji, control characters; never empty (Telegram has no empty texts)."""
    emoji = st.sampled_from(["👍", "🇵🇱", "👩‍👩‍👧", "❤️", "\u200d", "\ufe0f", "🙂" * 30])
    return st.one_of(
        st.text(min_size=1, max_size=max_size),
        st.lists(st.one_of(emoji, st.text(max_size=5)), min_size=1, max_size=20).map("".join),
        st.sampled_from(["1", "0", "-1", "99999999999999999999", "tak", "nie", "✓", " "]),
    ).filter(lambda s: s != "")


def callback_data() -> st.SearchStrategy[str]:
    """Forged data: well-formed with wrong numbers, other kinds, or arbitrary bytes."""
    number = st.one_of(st.integers(-3, 60), st.just(10**12)).map(str)
    action = st.sampled_from(["o", "t", "d", "b", "s", "n", "k", "e", "v", "i", "zz", ""])
    formed = st.tuples(
        st.sampled_from(["q", "r"]), number, number, action, st.one_of(st.none(), number)
    ).map(lambda f: ":".join(["1", *[x for x in f if x is not None]]))
    other = st.sampled_from(
        ["1:l:xx", "1:l:pl", "1:c:y", "1:c:?", "1:p:w", "1:x:y", "1:x:n", "2:q:1:1:o:1", "1::", ":"]
    )
    return st.one_of(formed, other, st.text(max_size=70))


def actions(max_text: int) -> st.SearchStrategy[Action]:
    who = st.integers(0, WHO - 1)
    return st.one_of(
        st.tuples(st.just("text"), who, texts(max_text)),
        st.tuples(st.just("command"), who, st.sampled_from(COMMANDS), texts(40) | st.just("")),
        st.tuples(st.just("press"), who, st.integers(0, 30)),
        st.tuples(st.just("press"), who, st.integers(0, 30)),  # twice: progress matters
        st.tuples(st.just("stale"), who, st.integers(0, 200)),
        st.tuples(st.just("forged"), who, callback_data()),
        st.tuples(st.just("media"), who, st.sampled_from(MEDIA)),
        st.tuples(st.just("edit"), who, texts(60)),
        st.tuples(st.just("group"), who, texts(60)),
        st.tuples(st.just("unknown"), who, st.sampled_from(UNKNOWN)),
        st.tuples(st.just("code"), who, st.booleans()),
    )


MEDIA = ["sticker", "photo", "voice", "video", "location", "contact", "document"]
UNKNOWN = ["inline_query", "my_chat_member", "message_reaction", "chosen_inline_result"]


@dataclass
class Cast:
    """The people of a fuzz run, made once per bot."""

    people: list[FakeUser]
    group: FakeGroup
    codes: list[str]
    participant_ids: list[int]
    sent: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    datas: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


async def cast(kisbot: BotUnderTest) -> Cast:
    """Two people at their first question, one invited (code unused), one stranger."""
    server = kisbot.server
    people: list[FakeUser] = []
    codes: list[str] = []
    ids: list[int] = []
    for n, lang in enumerate(["pl", "uk"]):
        pid, code = await kisbot.invite(f"Osoba {n}")
        person = server.user(20_001 + n, f"Osoba{n}", language_code=lang)
        await person.start_link(code)
        await person.click(LANGUAGE_NAMES[lang])
        await person.click(t(lang, "consent.agree"))
        people.append(person)
        codes.append(code)
        ids.append(pid)
    pid, code = await kisbot.invite("Zaproszona")
    people.append(server.user(20_003, "Zaproszona", language_code="en"))
    codes.append(code)
    ids.append(pid)
    people.append(server.user(20_004, "Obca", language_code="ru"))
    return Cast(people, server.group(-20_005, "Grupa KIS"), codes, ids)


async def perform(kisbot: BotUnderTest, cast: Cast, action: Action) -> None:
    """Do one action; raises AssertionError when the bot does not answer a private input."""
    kind, who, *rest = action
    person = cast.people[who]
    _remember_buttons(cast, person)
    if kind == "text":
        cast.sent.setdefault(who, []).append(await person.send(rest[0]))
    elif kind == "command":
        name, args = rest
        cast.sent.setdefault(who, []).append(await person.send(f"/{name} {args}".strip()))
    elif kind == "press":
        datas = [d for m in person.messages[-1:] for row in m.button_data for d in row if d]
        if datas:
            await person.click_data(datas[rest[0] % len(datas)], in_message=person.messages[-1])
        else:
            await person.send("/start")
    elif kind == "stale":
        old = cast.datas.get(who, [])
        if old:
            message_id, data = old[rest[0] % len(old)]
            shown = next((m for m in person.messages if m.message_id == message_id), None)
            await person.click_data(data, in_message=shown)
    elif kind == "forged" and person.messages:
        await person.click_data(rest[0])
    elif kind == "media":
        await getattr(person, f"send_{rest[0]}")()
    elif kind == "edit" and cast.sent.get(who):
        await person.edit(cast.sent[who][-1], rest[0])
    elif kind == "group":
        await person.in_chat(cast.group).send(rest[0])
    elif kind == "unknown":
        await kisbot.server.submit(
            _unknown(rest[0], person), expect_reply=False, what=f"an update of kind {rest[0]}"
        )
    elif kind == "code":
        code = cast.codes[min(who, len(cast.codes) - 1)] if rest[0] else "Zz" * 11
        await person.start_link(code)


def _remember_buttons(cast: Cast, person: FakeUser) -> None:
    """Every button ever shown, so that later presses of it are stale."""
    seen = cast.datas.setdefault(cast.people.index(person), [])
    known = set(seen)
    for message in person.messages:
        for row in message.button_data:
            for data in row:
                if data and (message.message_id, data) not in known:
                    seen.append((message.message_id, data))
                    known.add((message.message_id, data))


def _unknown(kind: str, person: FakeUser) -> dict[str, Any]:
    user, chat = person.user, person.chat
    if kind == "inline_query":
        return {"inline_query": {"id": "iq1", "from": user, "query": "?", "offset": ""}}
    if kind == "chosen_inline_result":
        return {"chosen_inline_result": {"result_id": "r", "from": user, "query": "?"}}
    if kind == "message_reaction":
        reaction = [{"type": "emoji", "emoji": "👍"}]
        return {
            "message_reaction": {
                "chat": chat,
                "message_id": 1,
                "user": user,
                "date": 1_700_000_000,
                "old_reaction": [],
                "new_reaction": reaction,
            }
        }
    member = {"user": user, "status": "member"}
    return {
        "my_chat_member": {
            "chat": chat,
            "from": user,
            "date": 1_700_000_000,
            "old_chat_member": member,
            "new_chat_member": {"user": user, "status": "kicked", "until_date": 0},
        }
    }


class ErrorRecords(logging.Handler):
    """Collects records of the bot's error handler (bot.errors) and any ERROR elsewhere."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "bot.errors" or record.levelno >= logging.ERROR:
            self.records.append(record)

    def __enter__(self) -> ErrorRecords:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeHandler(self)
