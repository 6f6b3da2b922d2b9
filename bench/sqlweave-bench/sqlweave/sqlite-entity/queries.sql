-- name: CountPosts :one
SELECT count(*) FROM posts;
