CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    hair_color TEXT
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL
);
CREATE INDEX posts_user_id ON posts (user_id);

-- `v` is declared INTEGER, but SQLite lets a row hold text there: the decoder of the
-- generated `MixedValues` fails on such a row in the middle of the result.
CREATE TABLE mixed (
    id INTEGER PRIMARY KEY,
    v INTEGER NOT NULL
);
