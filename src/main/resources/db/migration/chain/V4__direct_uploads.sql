-- Direct uploads (POST .../uploads): the client PUTs the bytes to upload_url (a presigned S3 URL, or the server's
-- own .../content URL with a one-time token on the filesystem store), then completes. The object is written under
-- its final key; the stored_file row appears only on a successful complete. completed_at stays null while pending.
CREATE TABLE pending_upload (
    id               UUID PRIMARY KEY,
    conversation_id  UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    owner            VARCHAR(200) NOT NULL,
    display_name     VARCHAR(255) NOT NULL,
    object_key       VARCHAR(300) NOT NULL UNIQUE,
    content_type     VARCHAR(120) NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    sha256           VARCHAR(64),
    token_hash       VARCHAR(64),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX pending_upload_expiry ON pending_upload (expires_at);
