-- +goose Up
-- Expert forums and admin editing: pins that expire, host announcements,
-- and version numbers so two admins editing at once cannot overwrite
-- each other unknowingly.
ALTER TABLE topics ADD COLUMN pinned_until DATETIME;
ALTER TABLE forums ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outcome_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE announcements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    forum_id    INTEGER NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    author_id   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    body_source TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX announcements_forum ON announcements (forum_id, created_at);

-- +goose Down
DROP TABLE announcements;
ALTER TABLE outcome_groups DROP COLUMN version;
ALTER TABLE forums DROP COLUMN version;
ALTER TABLE topics DROP COLUMN pinned_until;
