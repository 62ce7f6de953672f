-- +goose Up
-- How many posts hold each word, per column, read from the full-text
-- index itself: search ranks with it (a rare word weighs more than a
-- common one) without asking FTS4 for it on every query.
CREATE VIRTUAL TABLE post_fts_terms USING fts4aux(post_fts);

-- +goose Down
DROP TABLE post_fts_terms;
