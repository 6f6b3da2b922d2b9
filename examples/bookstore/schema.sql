-- Bookstore: a small but realistic SQLite schema for the sqlweave example.

CREATE TABLE authors (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  bio     TEXT,                       -- nullable
  born    INTEGER                     -- year, nullable
);

CREATE TABLE books (
  id           INTEGER PRIMARY KEY,
  author_id    INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  isbn         TEXT UNIQUE,           -- nullable: not every book has one
  price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
  discount_pct INTEGER,               -- nullable
  stock        INTEGER NOT NULL DEFAULT 0,
  -- generated column: price after the optional discount
  net_cents    INTEGER GENERATED ALWAYS AS (price_cents * (100 - coalesce(discount_pct, 0)) / 100) STORED NOT NULL
);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE book_tags (
  book_id INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (book_id, tag_id)
) WITHOUT ROWID;

CREATE TABLE orders (
  id         INTEGER PRIMARY KEY,
  book_id    INTEGER NOT NULL REFERENCES books (id),
  quantity   INTEGER NOT NULL CHECK (quantity > 0),
  customer   TEXT NOT NULL,
  ordered_at DATETIME NOT NULL,
  shipped    BOOLEAN NOT NULL DEFAULT FALSE,
  note       TEXT
);

CREATE INDEX orders_book ON orders (book_id);

-- Books with their author's name and units sold (0 when never ordered).
CREATE VIEW book_sales AS
SELECT b.id AS book_id, b.title, a.name AS author, coalesce(sum(o.quantity), 0) AS units_sold
FROM books b
JOIN authors a ON a.id = b.author_id
LEFT JOIN orders o ON o.book_id = b.id
GROUP BY b.id;
