-- Books and tags.

-- name: CreateBook :one
-- INSERT ... RETURNING: the generated `net_cents` comes back computed.
INSERT INTO books (author_id, title, isbn, price_cents, discount_pct, stock)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING *;

-- name: GetBook :one
SELECT * FROM books WHERE id = ?;

-- name: SearchBooks :many
-- `?NNN` used twice: one argument. CASE without ELSE is nullable.
SELECT id, title,
       CASE WHEN discount_pct > 0 THEN 'on sale' END AS label
FROM books
WHERE title LIKE ?1 OR isbn = ?1
ORDER BY id;

-- name: BooksByIds :many
-- `sqlc.slice`: an `IN` list of any length.
SELECT id, title FROM books WHERE id IN (sqlc.slice(ids)) ORDER BY id;

-- name: SetDiscount :one
-- UPDATE ... RETURNING.
UPDATE books SET discount_pct = sqlc.narg(discount_pct) WHERE id = sqlc.arg(id)
RETURNING id, price_cents, discount_pct, net_cents;

-- name: Restock :exec
UPDATE books SET stock = stock + @amount WHERE id = @id;

-- name: DeleteBook :one
-- DELETE ... RETURNING.
DELETE FROM books WHERE id = ? RETURNING title;

-- name: BooksWithAuthor :many
-- Every book with its author; `isbn` and the author's `bio` may be NULL.
SELECT b.id, b.title, b.isbn, a.name AS author, a.bio AS author_bio
FROM books b
JOIN authors a ON a.id = b.author_id
ORDER BY b.id;

-- name: AuthorCatalog :many
-- LEFT JOIN: an author without books still appears, with NULL book columns.
SELECT a.name AS author, b.title, b.net_cents
FROM authors a
LEFT JOIN books b ON b.author_id = a.id
ORDER BY a.name, b.title;

-- name: CreateTag :execlastid
INSERT INTO tags (name) VALUES (?);

-- name: EnsureTag :one
-- The new tag's id, or `None` when a tag of that name exists already.
INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING id;

-- name: TagBook :exec
INSERT OR IGNORE INTO book_tags (book_id, tag_id) VALUES (?, ?);

-- name: TagsWithBookCount :many
-- LEFT JOIN through the join table: an unused tag counts 0.
SELECT t.id, t.name, count(bt.book_id) AS books
FROM tags t
LEFT JOIN book_tags bt ON bt.tag_id = t.id
GROUP BY t.id
ORDER BY t.name;

-- name: BooksTaggedAny :many
-- Books carrying any of the tags named in the list.
SELECT DISTINCT b.id, b.title
FROM books b
JOIN book_tags bt ON bt.book_id = b.id
JOIN tags t ON t.id = bt.tag_id
WHERE t.name IN (sqlc.slice(tags))
ORDER BY b.id;
