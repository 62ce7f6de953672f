-- +goose Up
-- The forum page walks a forum's approved topics in order of latest
-- activity and skips the few that are pinned; with pinned out of the
-- index the walk needs no sort and stops after one page.
CREATE INDEX topics_forum_order ON topics (forum_id, status, last_activity_at, id);

-- +goose Down
DROP INDEX topics_forum_order;
