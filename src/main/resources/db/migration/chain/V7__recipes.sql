-- Recipes (issue 20): a user's saved workflows, kept as the portable recipe document (JSON) they import and
-- export. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE recipe (
    id         UUID PRIMARY KEY,
    owner      VARCHAR(200) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    document   TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX recipe_owner_created ON recipe (owner, created_at);
