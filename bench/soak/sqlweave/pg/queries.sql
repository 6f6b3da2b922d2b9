-- name: GetUser :one
SELECT id, name, hair_color FROM soak_users WHERE id = $1;

-- name: UpdateUser :execrows
UPDATE soak_users SET name = $1, hair_color = $2 WHERE id = $3;

-- name: CreateUser :one
INSERT INTO soak_users (name, hair_color) VALUES ($1, $2) RETURNING id;

-- name: CreateUserWithId :exec
INSERT INTO soak_users (id, name, hair_color) VALUES ($1, $2, $3);

-- name: DeleteUser :execrows
DELETE FROM soak_users WHERE id = $1;

-- name: CountUsers :one
SELECT count(*) FROM soak_users;

-- name: UsersByIds :many
SELECT id, name, hair_color FROM soak_users WHERE id = ANY(sqlc.arg(ids)::bigint[]);

-- name: PostsByUsers :many
SELECT id, user_id, title FROM soak_posts WHERE user_id = ANY(sqlc.arg(user_ids)::bigint[]);

-- name: FailsMidway :many
-- Division by zero at id 50: the server fails after sending the first rows.
SELECT id, 1000 / (id - 50) AS q FROM soak_users WHERE id <= $1 ORDER BY id;

-- name: Series :many
SELECT n, 'row ' || n AS label FROM generate_series(1, sqlc.arg(n)::bigint) AS n;
