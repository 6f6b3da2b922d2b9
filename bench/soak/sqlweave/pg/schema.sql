CREATE TABLE soak_users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    hair_color TEXT
);

CREATE TABLE soak_posts (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX soak_posts_user_id ON soak_posts (user_id);
