"""Moved to storage/privacy (exports read it too); these modules re-export it."""
