package io.sheetflow.startup;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON mapper everyone injects defers Jackson's type-specific mappers to their first use. */
@MicronautTest(transactional = false)
class DeferredJsonMapperTest extends ServerTest {
    @Inject
    JsonMapper jsonMapper;

    record Point(int x, String name) {
    }

    @Test
    void injectedMapperIsTheDeferredOne() {
        assertInstanceOf(DeferredJsonMapper.class, jsonMapper);
    }

    @Test
    void specificMapperIsBuiltOnFirstUseAndThenReadsAndWritesItsType() throws Exception {
        DeferredJsonMapper specific = (DeferredJsonMapper) jsonMapper.createSpecific(Argument.of(Point.class));
        assertFalse(specific.isResolved());
        assertEquals("{\"x\":1,\"name\":\"a\"}", specific.writeValueAsString(new Point(1, "a")));
        assertTrue(specific.isResolved());
        assertEquals(new Point(2, "b"), specific.readValue("{\"x\":2,\"name\":\"b\"}", Argument.of(Point.class)));
    }

    @Test
    void routesStillReadAndWriteJsonBodies() {
        String chat = api().post("/api/v1/chat/workflows", "").body().path("data").path("chat_id").asText();
        var renamed = api().patch("/api/v1/chat/workflows/" + chat, "{\"title\":\"deferred\"}");
        assertEquals(HttpStatus.OK.getCode(), renamed.status(), String.valueOf(renamed.body()));
        assertEquals("deferred", renamed.body().path("data").path("title").asText(), renamed.body().toString());
    }
}
