-- Every step looks its sender up among the staff by Telegram id (storage/repos/who.py,
-- StaffRepo.memberships); UNIQUE (club_id, telegram_id) leads with the club, so without this
-- each press read the whole table.
CREATE INDEX staff_members_telegram ON staff_members (telegram_id);
