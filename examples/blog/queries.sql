-- name: PostTitlesByAuthor :many
-- Plain queries and entities live in one module and share the model structs.
SELECT * FROM posts WHERE author_id = ? AND deleted_at IS NULL ORDER BY id;
