-- Assistant replies written by the Lambda worker (issue 17). Runs unchanged on PostgreSQL and on H2 in PostgreSQL
-- mode. When a worker claimed a reply (QUEUED -> PROCESSING): a reply still being written after
-- sheetflow.assistant.reply-lease lost its worker and no longer holds up the conversation's next replies.
ALTER TABLE message ADD COLUMN claimed_at TIMESTAMP WITH TIME ZONE;
