-- +goose Up
-- A pseudonym's confusable skeleton (forum.PseudonymSkeleton): two accounts
-- whose pseudonyms look alike ("Helen" and "Неlen" with a Cyrillic Н) would
-- have the same one, and the unique index refuses the second.
--
-- SQL cannot compute a skeleton, so accounts made before this migration
-- get theirs from the store in Go, straight after migrating
-- (fillPseudonymSkeletons in skeletons.go). Until then, and for an old
-- account whose skeleton an older account already holds, it is NULL, which
-- the unique index lets many rows have.
ALTER TABLE accounts ADD COLUMN pseudonym_skeleton TEXT;
CREATE UNIQUE INDEX accounts_pseudonym_skeleton ON accounts (pseudonym_skeleton);

-- +goose Down
DROP INDEX accounts_pseudonym_skeleton;
ALTER TABLE accounts DROP COLUMN pseudonym_skeleton;
