-- +goose Up
-- What is new since a member last read (issue 17, item 4). One row per
-- member and topic they opened: the publication time of the newest post
-- they were shown there (never when they read it). Written in batches
-- (store/reads.go), not on every page view. A row goes with the account
-- and the topic, when its member marks everything read, and once the
-- posts it records are older than the unread window (30 days), past which
-- nothing counts as unread anyway.
CREATE TABLE topic_reads (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    topic_id   BIGINT NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    read_upto  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, topic_id)
);
CREATE INDEX topic_reads_upto ON topic_reads (read_upto);
CREATE INDEX topic_reads_topic ON topic_reads (topic_id);
-- "Mark all as read": nothing published before it is unread for the
-- member. NULL until they first use it: their joining counts instead.
ALTER TABLE accounts ADD COLUMN read_all_upto TIMESTAMPTZ;

-- +goose Down
ALTER TABLE accounts DROP COLUMN read_all_upto;
DROP TABLE topic_reads;
