-- The blog schema for PostgreSQL (the second [[sql]] block of sqlweave.toml, module src/pg.rs).
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    manager_id BIGINT REFERENCES users (id),
    karma INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE profiles (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    bio TEXT
);

CREATE TABLE posts (
    id BIGSERIAL PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    body TEXT,
    title_length INTEGER GENERATED ALWAYS AS (length(title)) STORED,
    deleted_at TIMESTAMPTZ
);

CREATE TABLE comments (
    id BIGSERIAL PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES posts (id),
    author_id BIGINT REFERENCES users (id),
    body TEXT NOT NULL
);

-- An enum and a composite type in an entity's columns.
CREATE TYPE tag_kind AS ENUM ('topic', 'series');
CREATE TYPE rgb AS (r SMALLINT, g SMALLINT, b SMALLINT);

CREATE TABLE tags (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind tag_kind,
    color rgb
);

CREATE TABLE post_tags (
    post_id BIGINT NOT NULL REFERENCES posts (id),
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    weight INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (post_id, tag_id)
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    table_name TEXT NOT NULL,
    action TEXT NOT NULL,
    row_key TEXT NOT NULL
);
