-- +goose Up
-- A topic's opening post, found by topic: the post a reply to the topic
-- answers (its author is told of the reply), the context the queue shows
-- for a reply, and the feeds. Without it each was a walk through all of
-- the topic's posts, which grew with every reply.
CREATE INDEX posts_topic_opening ON posts (topic_id, opening);

-- +goose Down
DROP INDEX posts_topic_opening;
