-- +goose Up
-- A content note: the poster's short warning that a post holds
-- distressing detail. Readers see the post collapsed behind it.
ALTER TABLE posts ADD COLUMN content_note TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE posts DROP COLUMN content_note;
