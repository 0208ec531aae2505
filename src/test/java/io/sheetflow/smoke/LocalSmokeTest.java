package io.sheetflow.smoke;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

/** The deployment smoke test's flow, run against the local server (its WebSocket URL names the chat in the path). */
@MicronautTest
class LocalSmokeTest extends ServerTest {

    @Test
    void smokeFlow_passesAgainstTheLocalServer() throws Exception {
        String ws = server.getURI().toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/chat/{chat_id}";
        new DeploymentSmoke(server.getURI(), ws, adminToken, System.out::println).run();
    }
}
