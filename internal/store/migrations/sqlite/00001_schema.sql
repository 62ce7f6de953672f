-- +goose Up
-- The first schema: accounts, the core-outcome groups, forums, topics and posts.
-- Counts and latest activity on forums and topics cover approved content only
-- and are kept by the store in the same transaction as the change they follow.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL DEFAULT ''
);

CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    pseudonym         TEXT NOT NULL,
    pseudonym_key     TEXT NOT NULL UNIQUE,
    passphrase_hash   TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT 'practitioner'
                      CHECK (role IN ('practitioner', 'moderator', 'host', 'admin')),
    safeguarding_lead BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        DATETIME NOT NULL
);

CREATE TABLE outcome_groups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    archived_at DATETIME,
    created_at  DATETIME NOT NULL
);
CREATE INDEX outcome_groups_position ON outcome_groups (position, id);

CREATE TABLE forums (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id         INTEGER NOT NULL REFERENCES outcome_groups (id),
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL DEFAULT 'discussion' CHECK (kind IN ('discussion', 'expert')),
    anonymity        TEXT NOT NULL DEFAULT 'allowed' CHECK (anonymity IN ('allowed', 'required', 'off')),
    opens_at         DATETIME,
    closes_at        DATETIME,
    position         INTEGER NOT NULL DEFAULT 0,
    archived_at      DATETIME,
    topic_count      INTEGER NOT NULL DEFAULT 0,
    post_count       INTEGER NOT NULL DEFAULT 0,
    last_activity_at DATETIME,
    created_at       DATETIME NOT NULL
);
CREATE INDEX forums_group ON forums (group_id, position, id);

CREATE TABLE topics (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id         INTEGER NOT NULL REFERENCES forums (id),
    author_id        INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    anonymous        BOOLEAN NOT NULL DEFAULT FALSE,
    title            TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'hidden')),
    pinned           BOOLEAN NOT NULL DEFAULT FALSE,
    pin_position     INTEGER NOT NULL DEFAULT 0,
    locked           BOOLEAN NOT NULL DEFAULT FALSE,
    reply_count      INTEGER NOT NULL DEFAULT 0,
    created_at       DATETIME NOT NULL,
    last_activity_at DATETIME NOT NULL
);
-- The forum page: approved, unpinned topics by latest approved activity (keyset).
CREATE INDEX topics_forum_activity ON topics (forum_id, status, pinned, last_activity_at, id);
-- "Latest topics" across the site.
CREATE INDEX topics_activity ON topics (status, last_activity_at, id);
CREATE INDEX topics_author ON topics (author_id);

CREATE TABLE posts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    topic_id            INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    parent_id           INTEGER REFERENCES posts (id),
    author_id           INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    anonymous           BOOLEAN NOT NULL DEFAULT FALSE,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'hidden', 'erased')),
    depth               INTEGER NOT NULL DEFAULT 0,
    -- path orders a thread depth-first: fixed-width base-36 ids, one per level.
    path                TEXT NOT NULL,
    body_source         TEXT NOT NULL,
    body_html           TEXT NOT NULL,
    opening             BOOLEAN NOT NULL DEFAULT FALSE,
    edited_by_moderator BOOLEAN NOT NULL DEFAULT FALSE,
    decline_reason      TEXT NOT NULL DEFAULT '',
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    approved_at         DATETIME
);
CREATE INDEX posts_thread ON posts (topic_id, path);
CREATE INDEX posts_status ON posts (status, created_at, id);
CREATE INDEX posts_author ON posts (author_id, created_at);
CREATE INDEX posts_parent ON posts (parent_id);

-- +goose Down
DROP TABLE posts;
DROP TABLE topics;
DROP TABLE forums;
DROP TABLE outcome_groups;
DROP TABLE accounts;
DROP TABLE meta;
