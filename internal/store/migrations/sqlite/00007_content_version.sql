-- +goose Up
-- PostgreSQL gets a shared counter of changes here, for caches across
-- instances; SQLite serves one instance, whose cache the store tells
-- directly. Nothing to change; the version keeps both in step.
SELECT 1;

-- +goose Down
SELECT 1;
