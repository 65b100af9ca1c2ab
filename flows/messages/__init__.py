"""Messages between a participant and the club's staff, kept in the case file (issue 15)."""
