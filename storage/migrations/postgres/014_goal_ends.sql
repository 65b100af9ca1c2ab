-- PostgreSQL form of sqlite/014_goal_ends.sql.
-- A goal of an agreed plan ended or dropped by an annex: the goal's row (the signed words,
-- indicator and date) is never changed; this row says from when it no longer counts, which
-- annex ended it and why (a code, and the words typed when the reason is "other").
-- One row per goal: a goal ends once.
CREATE TABLE plan_goal_ends (
    goal_id BIGINT PRIMARY KEY REFERENCES plan_goals (id),
    annex_number INTEGER NOT NULL,
    ended_on DATE NOT NULL,
    reason TEXT NOT NULL,
    note TEXT,
    staff_id BIGINT REFERENCES staff_members (id),
    created_at TIMESTAMPTZ NOT NULL
);
