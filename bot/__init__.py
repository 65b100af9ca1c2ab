"""kisbot: bot."""
