package io.sheetflow.api;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.http.HttpStatus;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Failures that are the environment's, not the request's: the database cannot be reached (503, try again) or
 * the disk is full (507). Found by walking the cause chain, since they arrive wrapped by the data and
 * transaction layers.
 */
public record UnavailableResource(HttpStatus status, String code, String message, int retryAfterSeconds) {
    static final String DATABASE_MESSAGE = "The database is unavailable; nothing was changed. Try again shortly";
    static final String STORAGE_MESSAGE = "The server has no storage space left; nothing was stored. Try again later";

    public static Optional<UnavailableResource> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isDiskFull(t)) {
                return Optional.of(new UnavailableResource(HttpStatus.INSUFFICIENT_STORAGE, "InsufficientStorage",
                        STORAGE_MESSAGE, 60));
            }
            if (isDatabaseUnreachable(t)) {
                return Optional.of(new UnavailableResource(HttpStatus.SERVICE_UNAVAILABLE, "DatabaseUnavailable",
                        DATABASE_MESSAGE, 5));
            }
        }
        return Optional.empty();
    }

    private static boolean isDiskFull(Throwable t) {
        String message = t.getMessage();
        return message != null && message.contains("No space left on device"); // ENOSPC, as the JDK reports it
    }

    private static boolean isDatabaseUnreachable(Throwable t) {
        if (t instanceof ConnectionException || t instanceof CannotGetJdbcConnectionException) {
            return true; // Micronaut Data could not get or prepare a connection (e.g. the pool's one was closed)
        }
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
            return true; // connection exceptions (PostgreSQL: 08001 cannot connect, 08006 connection failure)
        }
        if (t instanceof SQLException sql && "57P01".equals(sql.getSQLState())) {
            return true; // PostgreSQL: admin shutdown
        }
        return false;
    }
}
