-- +goose Up
-- An expert forum's opening and closing on schedule go into the moderation
-- log once each. These hold the opening and closing instants already
-- recorded there (by the schedule, or as the act of the host or admin who
-- brought them about); an instance records one only by a conditional
-- UPDATE of these, so several instances never record it twice.
ALTER TABLE forums ADD COLUMN opening_logged_at TIMESTAMPTZ;
ALTER TABLE forums ADD COLUMN closing_logged_at TIMESTAMPTZ;
-- What passed before the log recorded schedules stays out of it.
UPDATE forums SET opening_logged_at = opens_at WHERE opens_at <= now();
UPDATE forums SET closing_logged_at = closes_at WHERE closes_at <= now();

-- +goose Down
ALTER TABLE forums DROP COLUMN closing_logged_at;
ALTER TABLE forums DROP COLUMN opening_logged_at;
