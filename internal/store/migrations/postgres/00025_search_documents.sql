-- +goose Up
-- The words of the search index apart from its text (issue 16). A search
-- tests many documents for each twenty it shows: with the title and body in
-- the same rows, each one tested read a page and more of text it did not
-- need. The candidates are found in this narrow table, and post_search's
-- title and body are read only for the snippets shown. A document goes with
-- its post_search row, so every path that takes a post out of the index
-- (the store deletes post_search rows) takes its words with it.
CREATE TABLE post_search_documents (
    post_id  BIGINT PRIMARY KEY REFERENCES post_search (post_id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
INSERT INTO post_search_documents (post_id, document)
SELECT post_id, document FROM post_search ORDER BY post_id;
CREATE INDEX post_search_documents_document ON post_search_documents USING GIN (document);
ALTER TABLE post_search DROP COLUMN document;
ANALYZE post_search_documents;

-- +goose Down
ALTER TABLE post_search ADD COLUMN document TSVECTOR;
UPDATE post_search s SET document = d.document FROM post_search_documents d WHERE d.post_id = s.post_id;
ALTER TABLE post_search ALTER COLUMN document SET NOT NULL;
CREATE INDEX post_search_document ON post_search USING GIN (document);
DROP TABLE post_search_documents;
