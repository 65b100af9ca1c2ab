-- The staff side: enrolment details, status outcomes, the staff's working state, case notes,
-- the individual support path with its annexes.
ALTER TABLE participants ADD COLUMN art12_group TEXT;
ALTER TABLE participants ADD COLUMN referral_source TEXT;
ALTER TABLE participants ADD COLUMN social_contract_number TEXT;
ALTER TABLE participants ADD COLUMN social_contract_date TEXT;
ALTER TABLE participants ADD COLUMN outcome TEXT;
ALTER TABLE participants ADD COLUMN left_reason TEXT;
ALTER TABLE participants ADD COLUMN status_changed_at TEXT;

ALTER TABLE staff_members ADD COLUMN deactivated_at TEXT;

-- Which club a staff member works in now, and a multi-step staff flow's position
-- (e.g. /invite waiting for the name), so a restart never loses it.
CREATE TABLE staff_state (
    telegram_id BIGINT PRIMARY KEY,
    club_id INTEGER REFERENCES clubs (id),
    pending TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE case_notes (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    author_staff_id INTEGER NOT NULL REFERENCES staff_members (id),
    visible_to_specialism TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_notes_participant ON case_notes (club_id, participant_id);

CREATE TABLE support_paths (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    social_goals TEXT,
    vocational_goals TEXT,
    obligations TEXT,
    review_date TEXT,
    agreed_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (participant_id)
);

CREATE TABLE support_items (
    id INTEGER PRIMARY KEY,
    path_id INTEGER NOT NULL REFERENCES support_paths (id),
    instrument_id TEXT NOT NULL,
    sphere TEXT NOT NULL,
    reason TEXT,
    partner TEXT,
    responsible_staff_id INTEGER REFERENCES staff_members (id),
    target_date TEXT,
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('proposed', 'planned', 'in_progress', 'done', 'dropped')),
    created_at TEXT NOT NULL
);
CREATE INDEX support_items_path ON support_items (path_id);

-- After agreement nothing is overwritten: each change is an annex with the plan as it became.
CREATE TABLE support_annexes (
    id INTEGER PRIMARY KEY,
    path_id INTEGER NOT NULL REFERENCES support_paths (id),
    number INTEGER NOT NULL,
    author_staff_id INTEGER REFERENCES staff_members (id),
    summary TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (path_id, number)
);
