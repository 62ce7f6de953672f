-- +goose Up
-- Accounts grow suspensions; sessions, invite codes, site settings,
-- moderator scopes, expert-forum hosts and the moderation log arrive.

ALTER TABLE accounts ADD COLUMN suspended_until DATETIME;
ALTER TABLE accounts ADD COLUMN suspension_reason TEXT NOT NULL DEFAULT '';

-- A session is known by the SHA-256 of its token: the token itself lives
-- only in the member's cookie, so a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Invite codes say nothing of who used them: only that, and when.
CREATE TABLE invite_codes (
    code       TEXT PRIMARY KEY,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME,
    used_at    DATETIME
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A moderator with no rows here moderates every group.
CREATE TABLE moderator_scopes (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    group_id   INTEGER NOT NULL REFERENCES outcome_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, group_id)
);

CREATE TABLE forum_hosts (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    forum_id   INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, forum_id)
);
CREATE INDEX forum_hosts_forum ON forum_hosts (forum_id);

-- The moderation log names the moderator by pseudonym as it was when they
-- acted, and the post or topic; never the author of a post.
CREATE TABLE mod_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id        INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    actor_pseudonym TEXT NOT NULL,
    action          TEXT NOT NULL,
    topic_id        INTEGER,
    post_id         INTEGER,
    subject         TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL
);
CREATE INDEX mod_log_time ON mod_log (created_at, id);

-- +goose Down
DROP TABLE mod_log;
DROP TABLE forum_hosts;
DROP TABLE moderator_scopes;
DROP TABLE settings;
DROP TABLE invite_codes;
DROP TABLE sessions;
ALTER TABLE accounts DROP COLUMN suspension_reason;
ALTER TABLE accounts DROP COLUMN suspended_until;
