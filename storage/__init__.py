"""kisbot: storage."""
