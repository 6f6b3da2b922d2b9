-- The blog example's schema: every kind of edge the entity layer derives.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    -- self-reference: many-to-one `manager`, reverse `users_by_manager`
    manager_id INTEGER REFERENCES users (id),
    karma INTEGER NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- one-to-one: the foreign key is unique
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL UNIQUE REFERENCES users (id),
    bio TEXT
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    body TEXT,
    title_length INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL,
    -- soft delete (see sqlweave.toml)
    deleted_at DATETIME
);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    author_id INTEGER REFERENCES users (id),
    body TEXT NOT NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- many-to-many posts <-> tags; also an entity with a composite primary key
CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id),
    tag_id INTEGER NOT NULL REFERENCES tags (id),
    weight INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (post_id, tag_id)
);

-- written by the audit hooks of src/audit.rs
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    table_name TEXT NOT NULL,
    action TEXT NOT NULL,
    row_key TEXT NOT NULL
);
