-- +goose Up
-- Quote and reply (issue 17, item 3): which posts quote which. A quote is
-- words of one post kept in another, so when the quoted post is hidden or
-- its author erased, its words must leave the posts that quote it too
-- (quotes.go); this table finds them without reading every post.
CREATE TABLE post_quotes (
    quoted_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    post_id   BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (quoted_id, post_id)
);
CREATE INDEX post_quotes_post ON post_quotes (post_id);

-- +goose Down
DROP TABLE post_quotes;
