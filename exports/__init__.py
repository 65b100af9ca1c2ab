"""kisbot: exports."""
