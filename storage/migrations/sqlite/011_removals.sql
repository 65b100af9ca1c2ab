-- Partners taken off the club's register and people taken off a case stay in the database,
-- so plan items and earlier plans that name them stay readable; lists leave them out.
ALTER TABLE partners ADD COLUMN removed_at TEXT;
ALTER TABLE case_people ADD COLUMN removed_at TEXT;
