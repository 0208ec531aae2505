-- The schema at version 8.1 in one script, for a new database (docs/architecture.md ("Schema migrations")): what db/migration/chain/V1 to
-- V8_1 build one by one, column for column, index for index, in the same column order (columns added later by
-- ALTER TABLE come last). Databases created before this baseline keep the chain. MigrationBaselineTest checks on H2
-- and PostgreSQL that both end in the same schema. Never edit this file: a change is a new migration in next/.
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

-- state, client_message_id, reply_to: the assistant (a user message's idempotency key, a reply's state and the
-- message it answers); claimed_at: when a worker claimed a reply. Older messages keep them null.
CREATE TABLE message (
    id                UUID PRIMARY KEY,
    conversation_id   UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    number            BIGINT       NOT NULL,
    type              VARCHAR(20)  NOT NULL,
    content           TEXT         NOT NULL,
    metadata          TEXT,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    state             VARCHAR(20),
    client_message_id VARCHAR(100),
    reply_to          UUID,
    claimed_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT message_number_unique UNIQUE (conversation_id, number),
    CONSTRAINT message_client_id_unique UNIQUE (conversation_id, client_message_id)
);
CREATE INDEX message_reply_to ON message (reply_to);
CREATE INDEX message_state ON message (state);

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

-- claimed_by, claimed_at, lease_until: who executes a run and until when (a run still RUNNING after its lease
-- expired lost its worker).
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
    finished_at      TIMESTAMP WITH TIME ZONE,
    claimed_by       VARCHAR(200),
    claimed_at       TIMESTAMP WITH TIME ZONE,
    lease_until      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX workflow_run_conversation ON workflow_run (conversation_id, created_at);
CREATE INDEX workflow_run_status ON workflow_run (status, created_at);
CREATE INDEX workflow_run_lease ON workflow_run (status, lease_until);
-- The same columns as workflow_run_status: kept, since the chain has both (V8 added it for the shared queue).
CREATE INDEX workflow_run_queued ON workflow_run (status, created_at);

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

-- Outputs of the stateless operation endpoints; each belongs to the user who made it and expires.
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

-- Direct uploads: the stored_file row appears only on a successful complete; completed_at stays null while pending.
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

-- Open API Gateway WebSocket connections: which conversation each one follows and who opened it. While a replay
-- is sent to the connection, live events are not posted to it (the replay catches up on them).
CREATE TABLE websocket_connection (
    connection_id   VARCHAR(128) PRIMARY KEY,
    conversation_id UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    user_id         VARCHAR(200) NOT NULL,
    admin           BOOLEAN      NOT NULL DEFAULT FALSE,
    connected_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    replaying_until TIMESTAMP WITH TIME ZONE
);
CREATE INDEX websocket_connection_conversation ON websocket_connection (conversation_id);
CREATE INDEX websocket_connection_user ON websocket_connection (user_id);
CREATE INDEX websocket_connection_connected ON websocket_connection (connected_at);

-- A workflow the assistant offered: PENDING -> CONFIRMED (with its run), DISCARDED or SUPERSEDED.
CREATE TABLE assistant_suggestion (
    id              UUID PRIMARY KEY,
    conversation_id UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    message_id      UUID         NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    intent          VARCHAR(100) NOT NULL,
    input_file_id   UUID         NOT NULL,
    steps           TEXT         NOT NULL,
    run_id          UUID,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX assistant_suggestion_conversation ON assistant_suggestion (conversation_id, status);
CREATE INDEX assistant_suggestion_run ON assistant_suggestion (run_id);

-- A question the assistant asked, with the planner's partial plan (JSON) that the next user message completes.
CREATE TABLE assistant_question (
    id              UUID PRIMARY KEY,
    conversation_id UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    message_id      UUID         NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    pending_plan    TEXT         NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX assistant_question_conversation ON assistant_question (conversation_id, status);

-- A user's saved workflows, kept as the portable recipe document (JSON).
CREATE TABLE recipe (
    id         UUID PRIMARY KEY,
    owner      VARCHAR(200) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    document   TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX recipe_owner_created ON recipe (owner, created_at);

-- Limits shared by several instances on one database, only ever changed by increments and decrements.
CREATE TABLE shared_limit_counter (
    subject    VARCHAR(200) NOT NULL,
    name       VARCHAR(40)  NOT NULL,
    bucket     VARCHAR(220) NOT NULL,
    n          BIGINT       NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject, name, bucket)
);
CREATE INDEX shared_limit_counter_updated ON shared_limit_counter (name, updated_at);
