-- +goose Up
-- Watching (issue 17, item 5): a member watches a topic or a forum, and is
-- told in the app of each post approved there (watches.go; the notices are
-- written in the approval's transaction, authors.go's notifyWatchers). One
-- row per member and topic, or member and forum: exactly one of the two is
-- set. A watch goes with its member's account, and with its topic or forum.
CREATE TABLE watches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    topic_id   INTEGER REFERENCES topics (id) ON DELETE CASCADE,
    forum_id   INTEGER REFERENCES forums (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    CHECK ((topic_id IS NULL) <> (forum_id IS NULL))
);
-- One watch per member and target; the approval reads the watchers of a
-- topic and of a forum from these.
CREATE UNIQUE INDEX watches_topic ON watches (topic_id, account_id) WHERE topic_id IS NOT NULL;
CREATE UNIQUE INDEX watches_forum ON watches (forum_id, account_id) WHERE forum_id IS NOT NULL;
-- A member's own watches: their download, and their account's erasure.
CREATE INDEX watches_account ON watches (account_id);

-- +goose Down
DROP TABLE watches;
