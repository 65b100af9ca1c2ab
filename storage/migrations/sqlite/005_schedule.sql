-- The weekly plan: sessions (one row per occurrence; a weekly series shares series_id, the id
-- of its first occurrence), who attends each, their answers and attendance; reminder and
-- digest settings per club; outbox rows that belong to a session.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    series_id INTEGER REFERENCES sessions (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    audience TEXT NOT NULL CHECK (audience IN ('club', 'chosen', 'one')),
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
    ical_uid TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sessions_club_start ON sessions (club_id, starts_at);
CREATE INDEX sessions_ical_uid ON sessions (club_id, ical_uid);

CREATE TABLE session_attendees (
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    rsvp TEXT NOT NULL DEFAULT 'none' CHECK (rsvp IN ('none', 'yes', 'no')),
    rsvp_at TEXT,
    reason TEXT,
    awaiting_reason INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_reason IN (0, 1)),
    attended INTEGER CHECK (attended IN (0, 1)),
    marked_at TEXT,
    marked_by INTEGER REFERENCES staff_members (id),
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX session_attendees_participant ON session_attendees (participant_id);

-- Hours in the club's time zone; NULL switches the message off. The day-before reminder and
-- the digest keep to 08:00-20:59 (quiet hours), the one-hour-before reminder is minutes.
ALTER TABLE clubs ADD COLUMN reminder_day_before_hour INTEGER DEFAULT 18;
ALTER TABLE clubs ADD COLUMN reminder_before_minutes INTEGER DEFAULT 60;
ALTER TABLE clubs ADD COLUMN digest_hour INTEGER DEFAULT 8;

ALTER TABLE outbox ADD COLUMN session_id INTEGER REFERENCES sessions (id);
ALTER TABLE outbox ADD COLUMN participant_id INTEGER REFERENCES participants (id);
CREATE INDEX outbox_session ON outbox (session_id, status);
