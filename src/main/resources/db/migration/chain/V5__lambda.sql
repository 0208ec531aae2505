-- AWS runtime (issue 5). Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- Who executes a run and until when: a worker claims a queued run with one conditional UPDATE and holds it for
-- a lease that outlasts its invocation; a run still 'RUNNING' after its lease expired lost its worker.
ALTER TABLE workflow_run ADD COLUMN claimed_by VARCHAR(200);
ALTER TABLE workflow_run ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE workflow_run ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX workflow_run_lease ON workflow_run (status, lease_until);

-- Open API Gateway WebSocket connections: which conversation each one follows and who opened it.
CREATE TABLE websocket_connection (
    connection_id   VARCHAR(128) PRIMARY KEY,
    conversation_id UUID         NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    user_id         VARCHAR(200) NOT NULL,
    admin           BOOLEAN      NOT NULL DEFAULT FALSE,
    connected_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- While a replay is sent to the connection, live events are not posted to it (the replay catches up on them).
    replaying_until TIMESTAMP WITH TIME ZONE
);
CREATE INDEX websocket_connection_conversation ON websocket_connection (conversation_id);
CREATE INDEX websocket_connection_user ON websocket_connection (user_id);
CREATE INDEX websocket_connection_connected ON websocket_connection (connected_at);
