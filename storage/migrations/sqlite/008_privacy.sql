-- Erasure (GDPR art. 17): when a participant was erased or anonymised after the club's
-- retention period. What the club must keep stays, pseudonymised; see docs/PRIVACY.md.
ALTER TABLE participants ADD COLUMN erased_at TEXT;
-- Who made an invite (a staff member, or NULL for an operator and the command line): their
-- deactivation revokes the links they made and that nobody has used.
ALTER TABLE invites ADD COLUMN created_by_staff_id INTEGER REFERENCES staff_members (id);
-- The specialism a leader chose for a staff invite (NULL: none, the leader confirms it later).
ALTER TABLE invites ADD COLUMN staff_specialism TEXT;
ALTER TABLE invites ADD COLUMN revoked_at TEXT;
