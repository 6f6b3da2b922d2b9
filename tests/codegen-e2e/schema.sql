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

-- Every type the SQLite back end maps (`all_types_ir`): NOT NULL and nullable.
CREATE TABLE all_types (
    i16_col SMALLINT NOT NULL,
    i16_null SMALLINT,
    i32_col INT NOT NULL,
    i32_null INT,
    i64_col BIGINT NOT NULL,
    i64_null BIGINT,
    u8_col TINYINT UNSIGNED NOT NULL,
    u8_null TINYINT UNSIGNED,
    u16_col SMALLINT UNSIGNED NOT NULL,
    u16_null SMALLINT UNSIGNED,
    u32_col INT UNSIGNED NOT NULL,
    u32_null INT UNSIGNED,
    u64_col BIGINT UNSIGNED NOT NULL,
    u64_null BIGINT UNSIGNED,
    f32_col FLOAT NOT NULL,
    f32_null FLOAT,
    f64_col DOUBLE NOT NULL,
    f64_null DOUBLE,
    numeric_col NUMERIC NOT NULL,
    numeric_null NUMERIC,
    bool_col BOOLEAN NOT NULL,
    bool_null BOOLEAN,
    text_col TEXT NOT NULL,
    text_null TEXT,
    bytes_col BLOB NOT NULL,
    bytes_null BLOB,
    date_col DATE NOT NULL,
    date_null DATE,
    time_col TIME NOT NULL,
    time_null TIME,
    timestamp_col TIMESTAMP NOT NULL,
    timestamp_null TIMESTAMP,
    timestamptz_col TIMESTAMPTZ NOT NULL,
    timestamptz_null TIMESTAMPTZ,
    json_col JSON NOT NULL,
    json_null JSON,
    uuid_col UUID NOT NULL,
    uuid_null UUID,
    any_col NOT NULL,
    any_null
);
