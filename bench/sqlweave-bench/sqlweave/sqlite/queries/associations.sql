-- name: PostsByUsers :many
SELECT id, user_id, title, body FROM posts WHERE user_id IN (sqlc.slice(user_ids));

-- name: CommentsByPosts :many
SELECT id, post_id, text FROM comments WHERE post_id IN (sqlc.slice(post_ids));

-- name: InsertPost :execlastid
INSERT INTO posts (user_id, title, body) VALUES (?, ?, ?);

-- name: InsertComment :exec
INSERT INTO comments (post_id, text) VALUES (?, ?);

-- name: CountUsers :one
SELECT count(*) FROM users;
