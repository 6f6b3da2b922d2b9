-- name: AllUsers :many
SELECT id, name, hair_color FROM users;

-- name: UsersWithPostsByHairColor :many
-- Every user of one hair colour with each of their posts; a user without posts comes once with
-- NULL post columns.
SELECT users.id, users.name, users.hair_color,
       posts.id AS post_id, posts.user_id, posts.title, posts.body
FROM users LEFT JOIN posts ON posts.user_id = users.id
WHERE users.hair_color = ?;

-- name: InsertUser :execrows
INSERT INTO users (name, hair_color) VALUES (?, ?);

-- name: CreateUser :execlastid
INSERT INTO users (name, hair_color) VALUES (?, ?);

-- name: GetUser :one
SELECT id, name, hair_color FROM users WHERE id = ?;

-- name: UpdateUser :execrows
UPDATE users SET name = ?, hair_color = ? WHERE id = ?;

-- name: UsersAfter :many
SELECT id, name, hair_color FROM users WHERE id > ? ORDER BY id LIMIT ?;

-- name: DeleteUser :execrows
DELETE FROM users WHERE id = ?;

-- name: BeginBatch :exec
-- Transaction control as statements of their own, so a `Prepared` holder keeps them too.
BEGIN;

-- name: CommitBatch :exec
COMMIT;
