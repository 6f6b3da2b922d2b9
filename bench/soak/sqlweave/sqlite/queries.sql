-- name: GetUser :one
SELECT id, name, hair_color FROM users WHERE id = ?;

-- name: UpdateUser :execrows
UPDATE users SET name = ?, hair_color = ? WHERE id = ?;

-- name: CreateUser :execlastid
INSERT INTO users (name, hair_color) VALUES (?, ?);

-- name: CreateUserWithId :exec
INSERT INTO users (id, name, hair_color) VALUES (?, ?, ?);

-- name: DeleteUser :execrows
DELETE FROM users WHERE id = ?;

-- name: CountUsers :one
SELECT count(*) FROM users;

-- name: UsersByIds :many
-- One SQL text per list length: the distinct-SQL workload.
SELECT id, name, hair_color FROM users WHERE id IN (sqlc.slice(ids));

-- name: PostsByUsers :many
SELECT id, user_id, title FROM posts WHERE user_id IN (sqlc.slice(user_ids));

-- name: MixedValues :many
SELECT id, v FROM mixed WHERE id <= ? ORDER BY id;

-- name: Series :many
-- 1..=n without a table, for the streaming workload.
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?)
SELECT n, 'row ' || n AS label FROM s;
