-- pg-store: a small shop, exercising the PostgreSQL types sqlweave maps.
CREATE TYPE mood AS ENUM ('happy', 'sad', 'so-so');
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');

CREATE TABLE customers (
    id          BIGSERIAL PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    mood        mood,
    moods       mood[] NOT NULL DEFAULT '{}',
    tags        TEXT[] NOT NULL DEFAULT '{}',
    prefs       JSONB NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE products (
    id      INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku     UUID NOT NULL UNIQUE,
    title   VARCHAR(200) NOT NULL,
    price   NUMERIC(10, 2) NOT NULL,
    weight  REAL,
    stock   SMALLINT NOT NULL DEFAULT 0,
    image   BYTEA
);

CREATE TABLE orders (
    id           BIGSERIAL PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    status       order_status NOT NULL DEFAULT 'pending',
    placed_at    TIMESTAMPTZ NOT NULL,
    note         TEXT
);

CREATE TABLE order_lines (
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    product_id  INTEGER NOT NULL REFERENCES products (id),
    quantity    INTEGER NOT NULL,
    unit_price  NUMERIC(10, 2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE VIEW order_totals AS
SELECT o.id AS order_id, o.customer_id, sum(l.quantity * l.unit_price) AS total
FROM orders o JOIN order_lines l ON l.order_id = o.id
GROUP BY o.id, o.customer_id;

-- Composite types: a shipment's addresses (one nested type, every field nullable).
CREATE TYPE geo AS (lat DOUBLE PRECISION, lon DOUBLE PRECISION);
CREATE TYPE address AS (street TEXT, city TEXT, zip VARCHAR(10), floor SMALLINT, at geo, mood mood);

CREATE TABLE shipments (
    id       BIGSERIAL PRIMARY KEY,
    ship_to  address NOT NULL,
    bill_to  address,
    stops    address[] NOT NULL DEFAULT '{}'
);
