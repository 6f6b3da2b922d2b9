-- Authors: plain CRUD, one parameter style per query.

-- name: CreateAuthor :execlastid
-- Positional `?` parameters; returns the new author's rowid.
INSERT INTO authors (name, bio, born) VALUES (?, ?, ?);

-- name: GetAuthor :one
-- A numbered parameter `?1`.
SELECT * FROM authors WHERE id = ?1;

-- name: GetAuthorByName :one
-- A `:name` parameter.
SELECT id, name, bio, born FROM authors WHERE name = :name;

-- name: ListAuthors :many
SELECT * FROM authors ORDER BY name;

-- name: SetAuthorBio :execrows
-- `@name` parameters; `bio` is nullable so it is an Option.
UPDATE authors SET bio = @bio WHERE id = @id;

-- name: AuthorsBornBetween :many
-- `$name` parameters, each used once; `?NNN` reuse is shown in SearchBooks.
SELECT id, name, born FROM authors WHERE born BETWEEN $from_year AND $to_year ORDER BY born;

-- name: UpsertAuthor :one
-- Insert or update by the UNIQUE name, keeping the old bio when the new one is NULL.
INSERT INTO authors (name, bio, born) VALUES (sqlc.arg(name), sqlc.narg(bio), sqlc.narg(born))
ON CONFLICT (name) DO UPDATE SET
  bio  = coalesce(excluded.bio, authors.bio),
  born = coalesce(excluded.born, authors.born)
RETURNING id, name, bio, born;

-- name: DeleteAuthor :execrows
DELETE FROM authors WHERE id = ?;
