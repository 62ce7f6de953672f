-- +goose Up
-- Full-text search over approved posts. The index holds a post only while
-- it is approved in an approved topic; the store keeps it so in the same
-- transaction as every change of a post's status or words. The document
-- is built from accent-folded text (folded by the program), the title
-- weighted above the body; title and body keep the words as written, for
-- snippets.
CREATE TABLE post_search (
    post_id  BIGINT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,
    document TSVECTOR NOT NULL
);
CREATE INDEX post_search_document ON post_search USING GIN (document);

-- Posts approved before this migration (without accent folding).
INSERT INTO post_search (post_id, title, body, document)
SELECT p.id, CASE WHEN p.opening THEN t.title ELSE '' END, p.body_source,
       setweight(to_tsvector('english', lower(CASE WHEN p.opening THEN t.title ELSE '' END)), 'A') ||
       setweight(to_tsvector('english', lower(p.body_source)), 'B')
FROM posts p JOIN topics t ON t.id = p.topic_id
WHERE p.status = 'approved' AND t.status = 'approved';

-- +goose Down
DROP TABLE post_search;
