"""kisbot: questionnaires."""
