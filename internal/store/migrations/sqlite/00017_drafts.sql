-- +goose Up
-- Drafts kept on the server, never in the browser (drafts.go): a new topic
-- or a reply being written, saved by its author. One per form: the form's
-- one-time key (the posts' submission_key) names it, so saving the form
-- again changes it and sending the form deletes it, in the transaction
-- that makes the post. A draft is its author's alone and goes with their
-- account. Where it goes is kept by id, never by copying a title, so that
-- nothing of anyone else's outlives its own erasure here; a topic, post or
-- forum that is deleted leaves the draft without its place, to be copied.
CREATE TABLE drafts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    submission_key TEXT NOT NULL,
    kind           TEXT NOT NULL, -- 'topic' or 'reply'
    forum_id       INTEGER REFERENCES forums (id) ON DELETE SET NULL,
    topic_id       INTEGER REFERENCES topics (id) ON DELETE SET NULL,
    parent_id      INTEGER REFERENCES posts (id) ON DELETE SET NULL,
    title          TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    anonymous      BOOLEAN NOT NULL DEFAULT FALSE,
    content_note   TEXT NOT NULL DEFAULT '',
    saved_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX drafts_submission ON drafts (account_id, submission_key);
-- For the purge of drafts past their age.
CREATE INDEX drafts_saved ON drafts (saved_at);
-- So that deleting a topic or a post finds the drafts that answer it.
CREATE INDEX drafts_topic ON drafts (topic_id) WHERE topic_id IS NOT NULL;
CREATE INDEX drafts_parent ON drafts (parent_id) WHERE parent_id IS NOT NULL;

-- +goose Down
DROP TABLE drafts;
