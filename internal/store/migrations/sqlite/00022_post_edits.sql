-- +goose Up
-- Editing your own published post (issue 17, item 1): the change waits
-- here for a moderator while readers keep seeing the published words. One
-- change a post; a newer one replaces it. Approved, it becomes the post
-- (and edited_at says when, for readers); declined, it stays with its
-- reason for the author until they change the post again; it goes with
-- the post, and its words with an erased author's.
CREATE TABLE post_edits (
    post_id        INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    title          TEXT NOT NULL DEFAULT '',
    body_source    TEXT NOT NULL,
    content_note   TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'pending',
    decline_reason TEXT NOT NULL DEFAULT '',
    created_at     DATETIME NOT NULL
);
CREATE INDEX post_edits_pending ON post_edits (created_at, post_id) WHERE status = 'pending';
ALTER TABLE posts ADD COLUMN edited_at DATETIME;

-- +goose Down
ALTER TABLE posts DROP COLUMN edited_at;
DROP TABLE post_edits;
