-- name: CreateCustomer :one
INSERT INTO customers (email, name, mood, moods, tags, prefs)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: GetCustomer :one
SELECT * FROM customers WHERE id = $1;

-- name: ListCustomers :many
-- Every customer, oldest first.
SELECT * FROM customers ORDER BY id;

-- name: CustomersByIds :many
SELECT id, name FROM customers WHERE id = ANY($1::bigint[]) ORDER BY id;

-- name: CustomersByEmails :many
SELECT id, email FROM customers WHERE email IN (sqlc.slice('emails')) ORDER BY id;

-- name: CustomersInMood :many
SELECT id, name, mood FROM customers WHERE mood = $1 ORDER BY id;

-- name: CustomersWithTag :many
SELECT id, tags FROM customers WHERE $1::text = ANY(tags) ORDER BY id;

-- name: CustomerTheme :one
SELECT prefs ->> 'theme' AS theme FROM customers WHERE id = $1;

-- name: SetMood :execrows
UPDATE customers SET mood = $2 WHERE id = $1;

-- name: DeleteCustomer :exec
DELETE FROM customers WHERE id = $1;

-- name: CreateProduct :one
INSERT INTO products (sku, title, price, weight, stock, image)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id;

-- name: UpsertProduct :one
INSERT INTO products (sku, title, price)
VALUES ($1, $2, $3)
ON CONFLICT (sku) DO UPDATE SET title = EXCLUDED.title, price = EXCLUDED.price
RETURNING id, title, price;

-- name: InsertProductIfAbsent :one
-- `None` when the SKU exists, else the new id.
INSERT INTO products (sku, title, price)
VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: GetProductBySku :one
SELECT * FROM products WHERE sku = $1;

-- name: CreateOrder :one
INSERT INTO orders (customer_id, status, placed_at, note)
VALUES ($1, $2, $3, $4)
RETURNING id;

-- name: CopyOrderLines :copyfrom
INSERT INTO order_lines (order_id, product_id, quantity, unit_price)
VALUES ($1, $2, $3, $4);

-- name: OrderLineMarks :many
-- An empty select list: one `()` per row, for counting.
SELECT FROM order_lines WHERE order_id = $1 AND quantity >= $2;

-- name: OrderTotal :one
SELECT * FROM order_totals WHERE order_id = $1;

-- name: CustomersWithOrders :many
-- LEFT JOIN: a customer without orders has NULL order columns.
SELECT c.id, c.name, o.id AS order_id, o.status, o.placed_at
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
ORDER BY c.id, o.id;

-- name: ShipOrders :execrows
UPDATE orders SET status = 'shipped' WHERE status = $1;

-- name: OrderAge :one
-- How long ago the order was placed (an `interval`).
SELECT now() - placed_at AS age FROM orders WHERE id = $1;

-- name: OrdersPlacedWithin :many
SELECT id FROM orders WHERE placed_at > now() - sqlc.arg(window)::interval ORDER BY id;

-- name: MoodsByCustomer :one
-- Every customer's mood in id order; a customer without one is a NULL element.
SELECT array_agg(mood ORDER BY id) AS moods FROM customers;

-- name: CreateShipment :one
INSERT INTO shipments (ship_to, bill_to, stops) VALUES ($1, $2, $3) RETURNING *;

-- name: GetShipment :one
SELECT * FROM shipments WHERE id = $1;

-- name: ShipmentCities :many
-- Field access: `(col).field`, NULL when the composite or the field is.
SELECT id, (ship_to).city AS ship_city, (bill_to).city AS bill_city, ((ship_to).at).lat AS lat
FROM shipments ORDER BY id;

-- name: ShipmentsToZip :many
SELECT id FROM shipments WHERE (ship_to).zip = $1 ORDER BY id;

-- name: Readdress :exec
-- A row constructor: each value takes its field's type.
UPDATE shipments SET ship_to = ROW(@street, @city, @zip, NULL, NULL, NULL) WHERE id = @id;

-- name: MoveShipmentTo :exec
-- Field assignment: one field of a composite column (nested too), the rest kept.
UPDATE shipments SET ship_to.city = @city, ship_to.at.lat = @lat WHERE id = @id;

-- name: EchoAddress :one
SELECT $1::address AS address;

-- name: CountRelationsOfKind :one
-- A system catalog, and PostgreSQL's one-byte "char" type (read and bound as i8).
SELECT count(*) AS total FROM pg_catalog.pg_class WHERE relkind = $1;

-- name: NamespaceOid :one
-- `oid` is unsigned 32-bit (u32).
SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = $1;
