-- +goose Up
-- Why a moderator hid a post, kept with the post: its author reads it among
-- their own posts ("Hidden by a moderator: …") and moderators on the
-- post's page. Readers see only the stub, never the reason. Empty while
-- the post is not hidden; showing the post again empties it (the log and
-- the author's notifications keep each reason).
ALTER TABLE posts ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';
-- Posts hidden before this migration take the reason of their latest
-- hiding from the moderation log.
UPDATE posts SET hidden_reason = COALESCE((SELECT l.reason FROM mod_log l
        WHERE l.post_id = posts.id AND l.action = 'hide' ORDER BY l.id DESC LIMIT 1), '')
    WHERE status = 'hidden';

-- +goose Down
ALTER TABLE posts DROP COLUMN hidden_reason;
