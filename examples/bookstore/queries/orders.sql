-- Orders and reports.

-- name: PlaceOrder :execlastid
INSERT INTO orders (book_id, quantity, customer, ordered_at, shipped, note)
VALUES (?, ?, ?, ?, ?, ?);

-- name: GetOrder :one
SELECT * FROM orders WHERE id = ?;

-- name: ShipOrders :execrows
-- Mark every unshipped order placed before a time as shipped.
UPDATE orders SET shipped = TRUE WHERE NOT shipped AND ordered_at < ?;

-- name: OrdersForBook :many
SELECT id, customer, quantity, ordered_at, shipped FROM orders WHERE book_id = ? ORDER BY ordered_at;

-- name: SalesTotals :one
-- Aggregates over possibly no rows: COUNT is 0, SUM and MAX are NULL.
SELECT count(*) AS orders, sum(quantity) AS units, max(ordered_at) AS last_order
FROM orders
WHERE customer = ?;

-- name: BookSales :many
-- From the view.
SELECT book_id, title, author, units_sold FROM book_sales ORDER BY units_sold DESC, book_id;

-- name: AuthorRevenue :many
-- COALESCE turns the LEFT JOIN's missing revenue into 0.
SELECT a.id, a.name, coalesce(sum(o.quantity * b.net_cents), 0) AS revenue_cents
FROM authors a
LEFT JOIN books b ON b.author_id = a.id
LEFT JOIN orders o ON o.book_id = b.id
GROUP BY a.id
ORDER BY revenue_cents DESC, a.id;

-- name: BooksAboveAveragePrice :many
-- A scalar subquery in the select list and in WHERE.
SELECT id, title, price_cents, (SELECT max(price_cents) FROM books) AS top_price
FROM books
WHERE price_cents > (SELECT avg(price_cents) FROM books)
ORDER BY id;

-- name: People :many
-- UNION of authors and customers.
SELECT name AS person, 'author' AS role FROM authors
UNION
SELECT customer, 'customer' FROM orders
ORDER BY person, role;

-- name: BigCustomers :many
-- A CTE.
WITH totals AS (
  SELECT customer, sum(quantity) AS units FROM orders GROUP BY customer
)
SELECT customer, units FROM totals WHERE units >= sqlc.arg(min_units) ORDER BY units DESC, customer;

-- name: Countdown :many
-- WITH RECURSIVE: the integers from n down to 1.
WITH RECURSIVE n(k) AS (
  SELECT CAST(@start AS INTEGER)
  UNION ALL
  SELECT k - 1 FROM n WHERE k > 1
)
SELECT k FROM n;

-- name: OrderHistory :many
-- Window functions: position of each order per customer, and the previous quantity (NULL first).
SELECT id, customer, quantity,
       row_number() OVER (PARTITION BY customer ORDER BY ordered_at, id) AS nth,
       lag(quantity) OVER (PARTITION BY customer ORDER BY ordered_at, id) AS previous_quantity
FROM orders
ORDER BY customer, nth;

-- name: DeleteOrdersOf :many
-- DELETE ... RETURNING several rows.
DELETE FROM orders WHERE customer = ? RETURNING id, book_id;
