-- Schema of the codegen end-to-end crate. The IR in
-- crates/sqlweave-core/tests/codegen_support/mod.rs (`e2e_ir`) describes exactly these tables.
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    bio TEXT,
    BirthDate DATE,
    rating REAL,
    active BOOLEAN NOT NULL,
    avatar BLOB,
    created_at DATETIME NOT NULL,
    last_seen TIMESTAMPTZ,
    "type" TEXT,
    metadata JSON
);

CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    title TEXT NOT NULL,
    isbn TEXT UNIQUE,
    pages INT,
    price NUMERIC,
    extra
);
