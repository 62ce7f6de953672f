-- +goose Up
-- Limits that several instances on one PostgreSQL share (limits.go).
-- Unlogged: they are not written to the WAL, so they reach no replica, WAL
-- archive or physical backup, and a crash empties them, which costs
-- nothing but a few forgotten failures.
--
-- Sign-in failures by account: the key is a hash of the pseudonym typed,
-- known or not. Nothing here comes from an address.
CREATE UNLOGGED TABLE signin_throttle (
	key TEXT PRIMARY KEY, -- hex
	failures INTEGER NOT NULL DEFAULT 0,
	next_at TIMESTAMPTZ NOT NULL DEFAULT 'epoch',
	seen_at TIMESTAMPTZ NOT NULL DEFAULT 'epoch'
);
-- The instances serving now, each seen every few seconds, so that each
-- takes its share of the forms a client may send.
CREATE UNLOGGED TABLE forum_instances (
	id TEXT PRIMARY KEY,
	seen_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE forum_instances;
DROP TABLE signin_throttle;
