package io.sheetflow.api;

import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnavailableResourceTest {

    @Test
    void aPoolTimeoutDeepInTheCauseChain_isADatabaseOutage() {
        var wrapped = new IllegalStateException("transaction", new RuntimeException("connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms")));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, UnavailableResource.of(wrapped).orElseThrow().status());
    }

    @Test
    void aPostgresConnectionFailureState_isADatabaseOutage() {
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertEquals("DatabaseUnavailable", UnavailableResource.of(new RuntimeException(refused)).orElseThrow().code());
    }

    @Test
    void noSpaceLeftOnDevice_isInsufficientStorage() {
        var full = new UncheckedIOException(new IOException("No space left on device"));
        assertEquals(HttpStatus.INSUFFICIENT_STORAGE, UnavailableResource.of(full).orElseThrow().status());
    }

    @Test
    void anOrdinaryFailure_isNotAnOutage() {
        assertTrue(UnavailableResource.of(new SQLException("duplicate key", "23505")).isEmpty());
        assertTrue(UnavailableResource.of(new IllegalStateException("bug")).isEmpty());
    }
}
