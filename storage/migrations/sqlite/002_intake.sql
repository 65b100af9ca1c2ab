-- Participants, invite codes, staff (minimal; the staff issue extends it), readings and
-- answers, and the outbox of messages the bot sends on its own (alerts, nudges, reminders).
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    display_name TEXT NOT NULL,
    telegram_id BIGINT UNIQUE,
    status TEXT NOT NULL DEFAULT 'invited',
    consent TEXT NOT NULL DEFAULT 'pending'
        CHECK (consent IN ('pending', 'given', 'declined', 'withdrawn')),
    consent_at TEXT,
    deletion_requested_at TEXT,
    unreachable INTEGER NOT NULL DEFAULT 0 CHECK (unreachable IN (0, 1)),
    created_at TEXT NOT NULL
);
CREATE INDEX participants_club ON participants (club_id);

CREATE TABLE staff_members (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    telegram_id BIGINT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'specialist')),
    specialism TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (club_id, telegram_id)
);

-- Codes are stored as SHA-256 hashes: a leaked database does not leak working links.
CREATE TABLE invites (
    code_hash TEXT PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER REFERENCES participants (id),
    staff_role TEXT CHECK (staff_role IN ('leader', 'specialist')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by BIGINT
);
CREATE INDEX invites_participant ON invites (participant_id);

CREATE TABLE code_attempts (
    telegram_id BIGINT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX code_attempts_account ON code_attempts (telegram_id, at);

CREATE TABLE readings (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    kind TEXT NOT NULL CHECK (kind IN ('entry', 'midway', 'exit', 'follow_up')),
    respondent TEXT NOT NULL CHECK (respondent IN ('participant', 'staff')),
    staff_member_id INTEGER REFERENCES staff_members (id),
    questionnaire_id TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'review', 'submitted')),
    current_item TEXT,
    pending_choices TEXT,
    return_to_review INTEGER NOT NULL DEFAULT 0 CHECK (return_to_review IN (0, 1)),
    started_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    submitted_at TEXT,
    nudges_sent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX readings_participant ON readings (participant_id);
CREATE INDEX readings_open ON readings (status, last_activity_at);

CREATE TABLE answers (
    reading_id INTEGER NOT NULL REFERENCES readings (id),
    item_id TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('answered', 'skipped', 'prefer_not_to_say', 'talk_to_staff')),
    value TEXT,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (reading_id, item_id)
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    chat_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    message_key TEXT NOT NULL,
    params TEXT NOT NULL,
    language TEXT NOT NULL,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'dropped', 'failed')),
    dedupe_key TEXT UNIQUE,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, due_at);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
