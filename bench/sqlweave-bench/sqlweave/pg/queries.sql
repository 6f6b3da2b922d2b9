-- name: AllUsers :many
SELECT id, name, hair_color FROM users;

-- name: UsersWithPostsByHairColor :many
SELECT users.id, users.name, users.hair_color,
       posts.id AS post_id, posts.user_id, posts.title, posts.body
FROM users LEFT JOIN posts ON posts.user_id = users.id
WHERE users.hair_color = $1;

-- name: InsertUsers :execrows
-- A batch in one statement: one array per column.
INSERT INTO users (name, hair_color)
SELECT * FROM unnest(sqlc.arg(names)::text[], sqlc.arg(hair_colors)::text[]);

-- name: CopyUsers :copyfrom
INSERT INTO users (name, hair_color) VALUES ($1, $2);

-- name: CreateUser :one
INSERT INTO users (name, hair_color) VALUES ($1, $2) RETURNING id;

-- name: GetUser :one
SELECT id, name, hair_color FROM users WHERE id = $1;

-- name: UpdateUser :execrows
UPDATE users SET name = $1, hair_color = $2 WHERE id = $3;

-- name: UsersAfter :many
SELECT id, name, hair_color FROM users WHERE id > $1 ORDER BY id LIMIT $2;

-- name: PostsByUsers :many
SELECT id, user_id, title, body FROM posts WHERE user_id = ANY(sqlc.arg(user_ids)::bigint[]);

-- name: CommentsByPosts :many
SELECT id, post_id, text FROM comments WHERE post_id = ANY(sqlc.arg(post_ids)::bigint[]);

-- name: CountUsers :one
SELECT count(*) FROM users;
