"""Repositories: all SQL of the project lives here and in migrations."""
