-- PostgreSQL form of sqlite/004_participant_list.sql.
-- The staff's participant list: the latest reading of each participant by respondent is one
-- index seek, and "asked to talk with staff" answers are found without scanning all answers.
CREATE INDEX readings_participant_respondent ON readings (participant_id, respondent, id);
CREATE INDEX answers_talk_to_staff ON answers (reading_id) WHERE status = 'talk_to_staff';
