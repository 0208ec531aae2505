-- Outputs of the stateless operation endpoints (POST /api/v1/excel/... without a conversation). Each belongs to
-- the user who made it and expires; GET /api/v1/files/downloads/{id} serves it to that user only.
CREATE TABLE stateless_output (
    id            UUID PRIMARY KEY,
    owner         VARCHAR(200) NOT NULL,
    operation     VARCHAR(100) NOT NULL,
    display_name  VARCHAR(255) NOT NULL,
    object_key    VARCHAR(300) NOT NULL,
    content_type  VARCHAR(200) NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    sha256        VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX stateless_output_expiry ON stateless_output (expires_at);
