-- +goose Up
-- A counter every instance bumps after it commits a change readers can
-- see, and every instance watches, to drop its cached pages within a
-- moment. A sequence, because nextval never waits on another transaction.
CREATE SEQUENCE forum_content_version;

-- +goose Down
DROP SEQUENCE forum_content_version;
