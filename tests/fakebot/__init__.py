"""An offline Telegram for tests: a fake Bot API server, people who talk to the bot, and
a runner for a real PTB Application. See tests/test_fakebot_*.py for usage."""

from tests.fakebot.runner import application_builder, running_application
from tests.fakebot.server import FakeBotApi
from tests.fakebot.spec import Violation
from tests.fakebot.state import TOKEN, ApiError, Call, CallbackAnswer, Fault, Upload
from tests.fakebot.users import BotMessage, FakeGroup, FakeUser

__all__ = [
    "TOKEN",
    "ApiError",
    "BotMessage",
    "Call",
    "CallbackAnswer",
    "FakeBotApi",
    "FakeGroup",
    "FakeUser",
    "Fault",
    "Upload",
    "Violation",
    "application_builder",
    "running_application",
]
