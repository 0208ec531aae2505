package io.sheetflow.assistant.chat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** The assistant on the embedded default: H2 in PostgreSQL mode. */
@MicronautTest(transactional = false)
class H2AssistantTest extends AssistantContract {
}
