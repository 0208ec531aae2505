-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

CREATE TABLE conversation (
    id               UUID PRIMARY KEY,
    owner            VARCHAR(200) NOT NULL,
    participant_name VARCHAR(100) NOT NULL,
    title            VARCHAR(200),
    status           VARCHAR(20)  NOT NULL,
    preview          VARCHAR(300),
    message_count    BIGINT       NOT NULL DEFAULT 0,
    file_count       BIGINT       NOT NULL DEFAULT 0,
    last_run_status  VARCHAR(20),
    last_event_seq   BIGINT       NOT NULL DEFAULT 0,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX conversation_owner_updated ON conversation (owner, updated_at);

CREATE TABLE message (
    id              UUID PRIMARY KEY,
    conversation_id UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    number          BIGINT       NOT NULL,
    type            VARCHAR(20)  NOT NULL,
    content         TEXT         NOT NULL,
    metadata        TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT message_number_unique UNIQUE (conversation_id, number)
);

CREATE TABLE stored_file (
    id               UUID PRIMARY KEY,
    conversation_id  UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    owner            VARCHAR(200) NOT NULL,
    kind             VARCHAR(20)  NOT NULL,
    display_name     VARCHAR(255) NOT NULL,
    object_key       VARCHAR(300) NOT NULL UNIQUE,
    content_type     VARCHAR(120) NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    sha256           VARCHAR(64)  NOT NULL,
    produced_by_step UUID,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX stored_file_conversation_name ON stored_file (conversation_id, display_name);

CREATE TABLE workflow_run (
    id               UUID PRIMARY KEY,
    conversation_id  UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    owner            VARCHAR(200) NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    input_file_id    UUID,
    requested_steps  TEXT         NOT NULL,
    cancel_requested BOOLEAN      NOT NULL DEFAULT FALSE,
    error            TEXT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX workflow_run_conversation ON workflow_run (conversation_id, created_at);
CREATE INDEX workflow_run_status ON workflow_run (status, created_at);

CREATE TABLE workflow_step (
    id             UUID PRIMARY KEY,
    run_id         UUID         NOT NULL REFERENCES workflow_run (id) ON DELETE CASCADE,
    step_index     INT          NOT NULL,
    operation      VARCHAR(100) NOT NULL,
    arguments      TEXT         NOT NULL,
    status         VARCHAR(20)  NOT NULL,
    progress       INT          NOT NULL DEFAULT 0,
    rows_done      BIGINT,
    rows_total     BIGINT,
    input_file_id  UUID,
    output_file_ids TEXT,
    result         TEXT,
    error          TEXT,
    started_at     TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT workflow_step_index_unique UNIQUE (run_id, step_index)
);

-- The source of truth for live progress: publishing = append here, then deliver.
CREATE TABLE event (
    conversation_id UUID        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    seq             BIGINT      NOT NULL,
    run_id          UUID,
    type            VARCHAR(40) NOT NULL,
    payload         TEXT        NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
