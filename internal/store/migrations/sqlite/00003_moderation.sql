-- +goose Up
-- Posting and moderation: double-submit protection, notifications,
-- reports and break-glass reveal requests.

-- A form's one-time key: the same submission twice makes one post.
ALTER TABLE posts ADD COLUMN submission_key TEXT;
CREATE UNIQUE INDEX posts_submission ON posts (author_id, submission_key);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    topic_id   INTEGER REFERENCES topics (id) ON DELETE CASCADE,
    post_id    INTEGER REFERENCES posts (id) ON DELETE CASCADE,
    detail     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    read_at    DATETIME
);
CREATE INDEX notifications_account ON notifications (account_id, read_at, id);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id      INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    reporter_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    reason       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    safeguarding BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   DATETIME NOT NULL,
    resolved_at  DATETIME,
    resolution   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_open ON reports (resolved_at, safeguarding, created_at);
CREATE UNIQUE INDEX reports_once ON reports (post_id, reporter_id);

-- Revealing who wrote an anonymous post takes two moderators: one asks with
-- a reason, a different one agrees. Only then may those two see the name.
CREATE TABLE reveal_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id      INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    requester_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    reason       TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    approver_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    approved_at  DATETIME
);
CREATE INDEX reveal_requests_post ON reveal_requests (post_id);

-- +goose Down
DROP TABLE reveal_requests;
DROP TABLE reports;
DROP TABLE notifications;
DROP INDEX posts_submission;
ALTER TABLE posts DROP COLUMN submission_key;
