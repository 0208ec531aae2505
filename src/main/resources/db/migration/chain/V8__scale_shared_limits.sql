-- Limits shared by several instances on one database (sheetflow.limits.store: database, docs/scaling-out.md).
-- One row per counter, only ever changed by increments and decrements: a rate limit's fixed window
-- (bucket = the window's start), a connection cap's total and each instance's share of it (bucket 'total' and
-- 'holder:<instance>', the latter refreshed while the instance lives), a per-user lock row ('lock').
CREATE TABLE shared_limit_counter (
    subject    VARCHAR(200) NOT NULL,
    name       VARCHAR(40)  NOT NULL,
    bucket     VARCHAR(220) NOT NULL,
    n          BIGINT       NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject, name, bucket)
);
CREATE INDEX shared_limit_counter_updated ON shared_limit_counter (name, updated_at);

-- The shared run queue claims the oldest queued run (sheetflow.runs.queue: database).
CREATE INDEX workflow_run_queued ON workflow_run (status, created_at);
