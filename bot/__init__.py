"""kisbot: bot."""

import os

# python-telegram-bot 22 reports durations (RetryAfter.retry_after) as timedelta only with
# this switch; without it, reading them raises a deprecation warning instead. This sets a
# library behaviour, it reads no setting, so it stays out of bot/settings.py.
os.environ.setdefault("PTB_TIMEDELTA", "true")
