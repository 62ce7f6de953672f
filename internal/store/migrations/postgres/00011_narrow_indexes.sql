-- +goose Up
-- Approving a post changes its status and its topic's last activity, and
-- every index holding either column is written again. Two indexes held
-- far more than their readers need, and each cost an approval a page
-- write somewhere in the middle of a large index:
--
-- posts_status held every post by status; only the queue reads it, and
-- only for pending posts. The partial index holds just those, so an
-- approval deletes one entry from it and inserts none.
DROP INDEX posts_status;
CREATE INDEX posts_pending ON posts (created_at, id) WHERE status = 'pending';

-- topics_forum_activity ordered every topic of a forum by pinned and last
-- activity; topics_forum_order serves the forum page's walk, and only the
-- pinned list still used it. The partial index holds just pinned topics
-- and no activity time, so a reply to an unpinned topic never touches it.
DROP INDEX topics_forum_activity;
CREATE INDEX topics_pinned ON topics (forum_id, pin_position) WHERE pinned;

-- +goose Down
DROP INDEX topics_pinned;
CREATE INDEX topics_forum_activity ON topics (forum_id, status, pinned, last_activity_at, id);
DROP INDEX posts_pending;
CREATE INDEX posts_status ON posts (status, created_at, id);
