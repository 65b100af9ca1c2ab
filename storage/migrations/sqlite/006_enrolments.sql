-- Enrolments: a participant can be enrolled several times over the years; each enrolment has
-- its referral, formal basis, programme period, end, art. 1(2) groups, readings and plan.
-- The people around a case, the club's partner register, follow-ups after the end and club
-- settings for the legal details PRACTICE.md marks "verify".
-- Every existing participant is carried into one enrolment; the old participant columns stay
-- as they were (nothing is dropped), the enrolment is what the program reads from now on.
CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    referral_kind TEXT,
    referral_institution TEXT,
    referral_worker TEXT,
    referral_number TEXT,
    referral_date TEXT,
    admitted_on TEXT,
    basis_kind TEXT CHECK (basis_kind IN
        ('social_contract', 'ipzs', 'homelessness', 'integration', 'other')),
    basis_number TEXT,
    basis_date TEXT,
    period_start TEXT,
    planned_end TEXT,
    trial_end TEXT,
    ended_on TEXT,
    end_kind TEXT CHECK (end_kind IN ('graduated', 'left')),
    outcome TEXT,
    leaving_reason TEXT,
    leaving_text TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX enrolments_participant ON enrolments (participant_id, id);
CREATE INDEX enrolments_club ON enrolments (club_id, ended_on);

CREATE TABLE enrolment_groups (
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    group_code TEXT NOT NULL,
    PRIMARY KEY (enrolment_id, group_code)
);
CREATE INDEX enrolment_groups_participant ON enrolment_groups (participant_id);

CREATE TABLE enrolment_extensions (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    until_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX enrolment_extensions_enrolment ON enrolment_extensions (enrolment_id);

CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    contact_person TEXT,
    contact TEXT,
    agreement_number TEXT,
    agreement_date TEXT,
    offers TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX partners_club ON partners (club_id, name);

CREATE TABLE case_people (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    role TEXT NOT NULL CHECK (role IN
        ('ops_worker', 'pup_adviser', 'probation_officer', 'therapist', 'other')),
    name TEXT NOT NULL,
    institution TEXT,
    contact TEXT,
    partner_id INTEGER REFERENCES partners (id),
    created_at TEXT NOT NULL
);
CREATE INDEX case_people_participant ON case_people (club_id, participant_id);

-- 3 and 6 months (club settings) after the end: one question in the bot, or a phone call.
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    months INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('bot', 'phone')),
    answer TEXT CHECK (answer IN ('working', 'learning', 'contact', 'none')),
    asked_at TEXT,
    answered_at TEXT,
    recorded_by INTEGER REFERENCES staff_members (id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX follow_ups_bot ON follow_ups (enrolment_id, months, channel)
    WHERE channel = 'bot';
CREATE INDEX follow_ups_participant ON follow_ups (club_id, participant_id);

CREATE TABLE club_settings (
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (club_id, key)
);

-- Goals in the participant's words with a measurable indicator and a date; periodic reviews.
CREATE TABLE plan_goals (
    id INTEGER PRIMARY KEY,
    path_id INTEGER NOT NULL REFERENCES support_paths (id),
    goal TEXT NOT NULL,
    indicator TEXT,
    due_date TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_goals_path ON plan_goals (path_id);

CREATE TABLE plan_reviews (
    id INTEGER PRIMARY KEY,
    path_id INTEGER NOT NULL REFERENCES support_paths (id),
    reviewed_on TEXT NOT NULL,
    changes TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff_members (id),
    created_at TEXT NOT NULL
);
CREATE INDEX plan_reviews_path ON plan_reviews (path_id);

ALTER TABLE support_items ADD COLUMN partner_id INTEGER REFERENCES partners (id);
ALTER TABLE support_items ADD COLUMN start_date TEXT;
ALTER TABLE readings ADD COLUMN enrolment_id INTEGER REFERENCES enrolments (id);

-- Carry every participant into one enrolment. Dates are the UTC date of the stored moment.
INSERT INTO enrolments (club_id, participant_id, referral_kind, admitted_on, basis_kind,
    basis_number, basis_date, period_start, ended_on, end_kind, outcome, leaving_reason,
    leaving_text, created_at)
SELECT club_id, id, referral_source, substr(created_at, 1, 10),
    CASE WHEN social_contract_number IS NOT NULL OR social_contract_date IS NOT NULL
        THEN 'social_contract' END,
    social_contract_number, social_contract_date, substr(created_at, 1, 10),
    CASE WHEN status IN ('graduated', 'left')
        THEN substr(COALESCE(status_changed_at, created_at), 1, 10) END,
    CASE WHEN status IN ('graduated', 'left') THEN status END,
    outcome,
    CASE WHEN left_reason IS NOT NULL OR status = 'left' THEN 'other' END,
    left_reason, created_at
FROM participants ORDER BY id;

INSERT INTO enrolment_groups (enrolment_id, participant_id, group_code)
SELECT e.id, p.id, p.art12_group FROM participants p
JOIN enrolments e ON e.participant_id = p.id
WHERE p.art12_group IS NOT NULL;

UPDATE readings SET enrolment_id =
    (SELECT e.id FROM enrolments e WHERE e.participant_id = readings.participant_id);

-- One plan per enrolment (it was one per participant): the table is rebuilt with the
-- enrolment, the agreed standard week, the final assessment and the ending conditions.
CREATE TABLE support_paths_v6 (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    social_goals TEXT,
    vocational_goals TEXT,
    obligations TEXT,
    review_date TEXT,
    agreed_at TEXT,
    hours_group REAL,
    hours_individual REAL,
    hours_academy REAL,
    hours_education REAL,
    hours_vocational REAL,
    end_conditions TEXT,
    final_assessment TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (enrolment_id)
);
INSERT INTO support_paths_v6 (id, club_id, participant_id, enrolment_id, social_goals,
    vocational_goals, obligations, review_date, agreed_at, created_at)
SELECT p.id, p.club_id, p.participant_id, e.id, p.social_goals, p.vocational_goals,
    p.obligations, p.review_date, p.agreed_at, p.created_at
FROM support_paths p JOIN enrolments e ON e.participant_id = p.participant_id;
DROP TABLE support_paths;
ALTER TABLE support_paths_v6 RENAME TO support_paths;
CREATE INDEX support_paths_participant ON support_paths (club_id, participant_id);
