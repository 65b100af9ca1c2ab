-- Foundation: Telegram accounts the bot knows, processed updates (dedupe), clubs, audit log.
CREATE TABLE accounts (
    telegram_id BIGINT PRIMARY KEY,
    language TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

-- Telegram redelivers updates after a crash; an update id recorded here is never handled twice.
CREATE TABLE processed_updates (
    update_id BIGINT PRIMARY KEY,
    processed_at TEXT NOT NULL
);

CREATE TABLE clubs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('KIS', 'CIS')),
    timezone TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Append-only: no UPDATE or DELETE statement on this table exists in the code.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    club_id INTEGER REFERENCES clubs (id),
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT
);
CREATE INDEX audit_log_club_subject ON audit_log (club_id, subject);
