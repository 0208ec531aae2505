-- The assistant (issue 17). Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- A user's message may carry the client's idempotency key (unique per conversation: a repeated key is answered
-- with the messages it created). An assistant reply has a state (QUEUED, PROCESSING, STREAMING, COMPLETE, ERROR)
-- and names the user message it answers. Older messages keep these null.
ALTER TABLE message ADD COLUMN state VARCHAR(20);
ALTER TABLE message ADD COLUMN client_message_id VARCHAR(100);
ALTER TABLE message ADD COLUMN reply_to UUID;
ALTER TABLE message ADD CONSTRAINT message_client_id_unique UNIQUE (conversation_id, client_message_id);
CREATE INDEX message_reply_to ON message (reply_to);
CREATE INDEX message_state ON message (state);

-- A workflow the assistant offered. It runs only once it is confirmed: PENDING -> CONFIRMED (with its run) by
-- one conditional update, or PENDING -> DISCARDED / SUPERSEDED (a newer suggestion replaced it).
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
-- OPEN -> ANSWERED (the next message was planned with it) or CLOSED (a suggestion or a new request replaced it).
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
