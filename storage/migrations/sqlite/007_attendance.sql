-- Attendance as a record (present, late, excused absence with its reason, unexcused absence,
-- minutes attended), figures of the annual report the product cannot know (entered by a
-- leader), and networks of clubs with coordinators. The benefit rule is in club_settings.
ALTER TABLE session_attendees ADD COLUMN presence TEXT
    CHECK (presence IN ('present', 'late', 'excused', 'unexcused'));
ALTER TABLE session_attendees ADD COLUMN minutes_attended INTEGER CHECK (minutes_attended >= 0);
-- Typed by staff for an excused absence; erased with the participant (the rest is kept by law).
ALTER TABLE session_attendees ADD COLUMN absence_reason TEXT;
-- Marks made before this migration: a tap meant present (the whole session) or absent; an
-- absence the participant announced with "I can't come" counts as excused, with their reason.
UPDATE session_attendees SET presence = 'present',
    minutes_attended = (SELECT duration_minutes FROM sessions WHERE id = session_id)
    WHERE attended = 1;
UPDATE session_attendees SET presence = 'excused', minutes_attended = 0, absence_reason = reason
    WHERE attended = 0 AND rsvp = 'no';
UPDATE session_attendees SET presence = 'unexcused', minutes_attended = 0
    WHERE attended = 0 AND rsvp <> 'no';
CREATE INDEX session_attendees_session ON session_attendees (session_id, presence);

-- Figures of the annual report the product cannot know (grants, staff employment basis),
-- entered by a leader before the report is made; one value per club, year and code.
CREATE TABLE report_inputs (
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (club_id, year, code)
);

CREATE TABLE networks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE network_clubs (
    network_id INTEGER NOT NULL REFERENCES networks (id),
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (network_id, club_id)
);
CREATE INDEX network_clubs_club ON network_clubs (club_id);

-- A coordinator sees a network's aggregated figures, never a person's data.
CREATE TABLE network_coordinators (
    id INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES networks (id),
    telegram_id BIGINT NOT NULL,
    display_name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (network_id, telegram_id)
);

-- Single-use, expiring coordinator invites, stored hashed like staff invites.
CREATE TABLE network_invites (
    code_hash TEXT PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES networks (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by BIGINT
);
