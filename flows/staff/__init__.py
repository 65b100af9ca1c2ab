"""The staff side: clubs, team, enrolment, participants, assessment, support path."""
