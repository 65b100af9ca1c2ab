"""`python -m bot` is the same as `kisbot`."""

from bot.cli import main

main()
