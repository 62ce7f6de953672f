-- +goose Up
-- Anonymity by construction (docs/THREAT-MODEL.md).
--
-- A suspension a moderator makes from a post is kept against the post, not
-- the account: the people pages, which show an account's own suspensions,
-- then look the same whoever wrote the post, and the post's page shows what
-- was done from it. The member reads it on their account page; posting
-- checks it (store/authors.go, the one place that follows a post to its
-- author).
CREATE TABLE post_sanctions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id    INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    until      DATETIME NOT NULL,
    reason     TEXT NOT NULL,
    actor_id   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    lifted_at  DATETIME
);
CREATE INDEX post_sanctions_post ON post_sanctions (post_id);
-- Live suspensions, by when they end: a member's own check reads only these.
CREATE INDEX post_sanctions_live ON post_sanctions (until) WHERE lifted_at IS NULL;

-- When an account was given the role it has: a moderator takes part in a
-- reveal only after 14 days in the role. Accounts made before this
-- migration count from when they were made.
ALTER TABLE accounts ADD COLUMN role_granted_at DATETIME;
UPDATE accounts SET role_granted_at = created_at;

-- +goose Down
ALTER TABLE accounts DROP COLUMN role_granted_at;
DROP TABLE post_sanctions;
