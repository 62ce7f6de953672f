-- +goose Up
-- Expert forums as questions and answers (issue 17, item 6): the reply a
-- host of the forum (or an admin) chose as a question's answer, one for
-- each question. It goes with the question and with the reply. Readers
-- see it only while the reply is published, so hiding or erasing the
-- reply makes the question unanswered again without touching this row,
-- and showing the reply again brings the answer back.
CREATE TABLE topic_answers (
    topic_id  BIGINT PRIMARY KEY REFERENCES topics (id) ON DELETE CASCADE,
    post_id   BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    -- Who chose it: a host or an admin, staff whose name is shown with it.
    chosen_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    chosen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX topic_answers_post ON topic_answers (post_id);

-- +goose Down
DROP TABLE topic_answers;
