"""The weekly plan: sessions, reminders, answers, attendance and the two-thirds rule."""
