-- The number of the last list message (the attendee picker's `view`) sent to a staff member,
-- across all their flows: a button of an older or abandoned list never matches the list now
-- open, even after the flow state was cleared (flows/schedule/people_picker.py).
ALTER TABLE staff_state ADD COLUMN lists BIGINT NOT NULL DEFAULT 0;
