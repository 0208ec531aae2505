package io.sheetflow.cluster;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.S3Fixture;
import io.sheetflow.support.TestSocket;
import io.sheetflow.ui.GateOperation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two Sheetflow servers in this JVM (each its own application context and Netty port) on one embedded PostgreSQL
 * database and one S3 bucket, sharing the run queue, the events and the limits, as two instances behind a load
 * balancer would. Each has the test-only {@code test/gate} step. Public for the scale-out benchmark.
 */
public final class TwoInstances implements AutoCloseable {
    public final String token = "sft_cluster_" + UUID.randomUUID();
    public final Instance a;
    public final Instance b;
    private final Map<String, String> database;

    public TwoInstances(Map<String, String> extra) {
        Map<String, String> shared = new HashMap<>(EmbeddedPostgres.newDatabaseProperties());
        database = Map.copyOf(shared);
        shared.putAll(S3Fixture.newBucketProperties());
        shared.put("sheetflow.auth.token", token);
        shared.put("sheetflow.runs.queue", "database");
        shared.put("sheetflow.events.fanout", "database");
        shared.put("sheetflow.limits.store", "database");
        shared.put("sheetflow.test.gate-operation", "true");
        shared.put("micronaut.server.port", "-1");
        shared.putAll(extra);
        a = new Instance("instance-a", shared);
        b = new Instance("instance-b", shared);
    }

    /** Which instance claimed the run ({@code workflow_run.claimed_by}), or null while none has. */
    public String claimedBy(String runId) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT claimed_by FROM workflow_run WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(runId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
    }

    Instance other(Instance instance) {
        return instance == a ? b : a;
    }

    Instance named(String name) {
        return a.name.equals(name) ? a : b.name.equals(name) ? b : null;
    }

    @Override
    public void close() {
        for (Instance instance : List.of(a, b)) {
            if (instance.context.isRunning()) {
                instance.gate().open();
                instance.stop();
            }
        }
    }

    public final class Instance {
        public final String name;
        public final ApplicationContext context;
        public final EmbeddedServer server;
        public final ApiClient api;

        private Instance(String name, Map<String, String> shared) {
            this.name = name;
            Map<String, Object> properties = new HashMap<>(shared);
            properties.put("sheetflow.instance-name", name);
            try {
                properties.put("sheetflow.data-dir", Files.createTempDirectory("sheetflow-" + name + "-").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context = ApplicationContext.builder().environments("test").properties(properties).start();
            server = context.getBean(EmbeddedServer.class).start();
            api = new ApiClient(server.getURI(), token);
        }

        public GateOperation gate() {
            return context.getBean(GateOperation.class);
        }

        TestSocket socket(String path) {
            return TestSocket.connect(server.getURI(), path, token);
        }

        public void stop() {
            if (context.isRunning()) {
                context.stop();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
