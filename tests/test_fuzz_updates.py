"""Random updates against kisbot (bounded; the long run over HTTP is `python -m bench.fuzz`).

In-process (tests/chatbot.py), every update goes through the adapter's conversion and
rendering; after each example: no error (an exception fails the example, an ERROR record the
test), every private input answered (the action fails otherwise), database invariants hold
(see bench/invariants.py for their exact definitions), and no Bot API call was refused as a
contract violation (the kisbot fixture checks that at teardown).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzzing import Action, Cast, ErrorRecords, actions, cast, perform
from bench.invariants import problems_in
from tests.harness import BotUnderTest

CASTS: dict[int, Cast] = {}


@settings(
    max_examples=25,
    derandomize=True,  # the same examples on every run
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one bot for all examples: state accumulates
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(steps=st.lists(actions(max_text=300), min_size=1, max_size=10))
async def test_random_updates_keep_the_bot_and_the_database_sound(
    kisbot: BotUnderTest, steps: list[Action]
) -> None:
    people = CASTS.get(id(kisbot))
    if people is None:
        people = CASTS[id(kisbot)] = await cast(kisbot)
    with ErrorRecords() as errors:
        for step in steps:
            await perform(kisbot, people, step)
    assert not errors.records, [r.getMessage() for r in errors.records]
    assert await problems_in(kisbot.db) == []
