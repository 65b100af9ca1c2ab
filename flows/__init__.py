"""kisbot: flows."""
