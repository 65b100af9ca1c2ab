-- A reading's profile (questionnaires/scoring.py), stored when the reading is submitted, so
-- exports, the report and the card read scores instead of scoring every reading again
-- (issue 18). scored_with names the scoring code, questionnaire version and catalogue it was
-- scored with (scoring_key): a profile scored with anything else is scored again at the next
-- start or by `kisbot db rescore`, and readers never use it meanwhile. The sphere columns copy
-- what bulk reads need from the profile (no JSON parsed per row); profile holds it whole.
-- Existing submitted readings are scored when the migrated database is first opened.
CREATE TABLE reading_profiles (
    reading_id BIGINT PRIMARY KEY REFERENCES readings (id),
    scored_with TEXT NOT NULL,
    scored_at TIMESTAMPTZ NOT NULL,
    safety_flags INTEGER NOT NULL DEFAULT 0,
    score_socio_economic DOUBLE PRECISION,
    class_socio_economic TEXT,
    rating_socio_economic INTEGER,
    score_health DOUBLE PRECISION,
    class_health TEXT,
    rating_health INTEGER,
    score_vocational DOUBLE PRECISION,
    class_vocational TEXT,
    rating_vocational INTEGER,
    score_psychological DOUBLE PRECISION,
    class_psychological TEXT,
    rating_psychological INTEGER,
    score_social DOUBLE PRECISION,
    class_social TEXT,
    rating_social INTEGER,
    profile JSONB NOT NULL
);
