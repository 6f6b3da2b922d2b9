-- name: PostsByAuthor :many
SELECT * FROM posts WHERE author_id = $1 AND deleted_at IS NULL ORDER BY id;
