-- Messages between a participant and the club's staff (issue 15): the thread is part of the
-- case file (erased with the person, views audit-logged). `direction` 'in' is written by the
-- participant, 'out' by a staff member; `signature` is how the participant saw the sender
-- (a role or a first name, as the club decides), frozen when it was sent.
CREATE TABLE thread_messages (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs (id),
    participant_id INTEGER NOT NULL REFERENCES participants (id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    staff_id INTEGER REFERENCES staff_members (id),
    signature TEXT,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX thread_messages_participant ON thread_messages (participant_id, id);

-- Where the bot showed a thread message in someone's chat (the Telegram message id), so a
-- reply to that copy finds its thread; only the chat it was shown in can use it.
CREATE TABLE thread_copies (
    chat_id BIGINT NOT NULL,
    shown_message_id BIGINT NOT NULL,
    message_id INTEGER NOT NULL REFERENCES thread_messages (id),
    PRIMARY KEY (chat_id, shown_message_id)
);
CREATE INDEX thread_copies_message ON thread_copies (message_id);
