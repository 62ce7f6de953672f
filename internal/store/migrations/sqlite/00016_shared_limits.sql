-- +goose Up
-- PostgreSQL gets tables here for limits that several instances share;
-- SQLite serves one instance, which keeps its limits in memory. Nothing to
-- change; the version keeps both in step.
SELECT 1;

-- +goose Down
SELECT 1;
