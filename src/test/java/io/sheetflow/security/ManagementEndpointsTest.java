package io.sheetflow.security;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Micronaut's management endpoints (which micronaut-flyway pulls in) and micronaut-security's token introspection
 * are switched off: not even the admin token reaches a thread dump, the bean list or a configuration refresh.
 */
@MicronautTest
class ManagementEndpointsTest extends ServerTest {

    @ParameterizedTest
    @ValueSource(strings = {"/routes", "/beans", "/threaddump", "/info", "/health", "/flyway", "/loggers",
            "/env", "/token_info"})
    void managementEndpoint_isNotThere_evenForTheAdmin(String path) {
        assertEquals(404, api().get(path).status(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/refresh", "/stop", "/token_info"})
    void managementAction_isNotThere_evenForTheAdmin(String path) {
        assertEquals(404, api().post(path, "{}").status(), path);
    }
}
