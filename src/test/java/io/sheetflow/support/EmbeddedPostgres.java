package io.sheetflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One real PostgreSQL for the whole test run (zonky embedded binaries), a fresh database per caller. */
public final class EmbeddedPostgres {
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgres() {
    }

    private static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres server() {
        if (instance == null) {
            try {
                instance = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    instance.close();
                } catch (IOException ignored) {
                    // shutting down anyway
                }
            }));
        }
        return instance;
    }

    /** Datasource properties of a new, empty database. */
    public static Map<String, String> newDatabaseProperties() {
        var pg = server();
        String name = "sheetflow_" + DATABASES.incrementAndGet();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "datasources.default.url", pg.getJdbcUrl("postgres", name),
                "datasources.default.driver-class-name", "org.postgresql.Driver",
                "datasources.default.username", "postgres",
                "datasources.default.password", "");
    }
}
