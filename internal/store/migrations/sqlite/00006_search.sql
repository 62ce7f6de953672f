-- +goose Up
-- Full-text search over approved posts. The index holds a post only while
-- it is approved in an approved topic; the store keeps it so in the same
-- transaction as every change of a post's status or words. docid is the
-- post's id; title is set on opening posts only.
CREATE VIRTUAL TABLE post_fts USING fts4(title, body, tokenize=unicode61 "remove_diacritics=1");

-- Posts approved before this migration.
INSERT INTO post_fts (docid, title, body)
SELECT p.id, CASE WHEN p.opening THEN t.title ELSE '' END, p.body_source
FROM posts p JOIN topics t ON t.id = p.topic_id
WHERE p.status = 'approved' AND t.status = 'approved';

-- +goose Down
DROP TABLE post_fts;
