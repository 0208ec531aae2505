-- API keys: only a SHA-256 of the key is stored; the key itself is shown once, at creation.
CREATE TABLE api_key (
    id          UUID PRIMARY KEY,
    user_id     VARCHAR(200) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    key_prefix  VARCHAR(16)  NOT NULL,
    admin       BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_key_user ON api_key (user_id);
