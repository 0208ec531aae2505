package io.sheetflow.assistant.chat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.EmbeddedPostgres;

import java.util.Map;

/** The assistant on a real PostgreSQL 16. */
@MicronautTest(transactional = false)
class PostgresAssistantTest extends AssistantContract {

    @Override
    protected Map<String, String> extraProperties() {
        return EmbeddedPostgres.newDatabaseProperties();
    }
}
