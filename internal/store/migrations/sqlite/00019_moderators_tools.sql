-- +goose Up
-- Moderators' tools (issue 17, item 7).
--
-- Preset decline reasons an admin edits. The label is what moderators pick
-- from; the text is what the author reads. A decline copies the text into
-- the post (posts.decline_reason) and the notification, so editing or
-- deleting a reason later changes nothing an author has already read. The
-- key is what the queue's form sends: stable while the label and text
-- change. "other" is not a row: it is the queue's "write your own".
CREATE TABLE decline_reasons (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    text       TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1
);
INSERT INTO decline_reasons (key, label, text, position) VALUES
    ('off-topic', 'Off topic for this forum', 'Off-topic for this forum', 1),
    ('personal-data', 'Could identify someone', 'It contains personal data that could identify someone', 2),
    ('needs-context', 'Needs more context', 'It needs more context for other practitioners to follow it', 3),
    ('abusive', 'Abusive or disrespectful', 'It is abusive or disrespectful', 4),
    ('duplicate', 'Repeats another post', 'It repeats a post already made', 5);

-- Notes between moderators on a post. Only moderators and admins read
-- them; they name their writer, never the post's author. They go with the
-- post: deleted with it (the foreign key) and when its author's erasure
-- empties it (EraseAccount). A moderator's own erasure leaves their notes
-- to the other moderators, as by "Former moderator".
CREATE TABLE mod_notes (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    writer_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    -- The form's double-submit key: the same form sent twice adds one note.
    submission_key TEXT NOT NULL UNIQUE
);
CREATE INDEX mod_notes_post ON mod_notes (post_id, created_at);

-- +goose Down
DROP TABLE mod_notes;
DROP TABLE decline_reasons;
