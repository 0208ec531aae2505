package io.sheetflow.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the fault scenarios check after a crash or an outage, and the PostgreSQL they run the server on. */
final class FaultChecks {
    private FaultChecks() {
    }

    /** The run's status, or {@code unknown:<http status>} while it cannot be read. */
    static String runStatus(ApiClient api, String chat, String run) {
        Answer answer = api.get("/api/v1/chat/workflows/" + chat + "/runs/" + run);
        return answer.status() == 200 ? answer.data().get("status").asText() : "unknown:" + answer.status();
    }

    /** The conversation's whole event log, seq to the event's JSON, checked to run 1..n without gap or duplicate. */
    static Map<Long, String> gapFreeLog(ApiClient api, String chat) {
        JsonNode events = api.get("/api/v1/chat/workflows/" + chat + "/events?since=0&limit=1000").data().get("events");
        Map<Long, String> log = new LinkedHashMap<>();
        long expected = 1;
        for (JsonNode event : events) {
            assertEquals(expected++, event.get("seq").asLong(), "the log's seq has no gap or duplicate");
            log.put(event.get("seq").asLong(), event.toString());
        }
        return log;
    }

    static List<Long> seqs(ApiClient api, String chat) {
        JsonNode events = api.get("/api/v1/chat/workflows/" + chat + "/events?since=0&limit=1000").data().get("events");
        return StreamSupport.stream(events.spliterator(), false).map(e -> e.get("seq").asLong()).toList();
    }

    /** Every event the client saw is in the log with the same seq and JSON. */
    static void assertSeenAreLogged(Map<Long, String> seen, Map<Long, String> log) {
        for (var entry : seen.entrySet()) {
            assertEquals(entry.getValue(), log.get(entry.getKey()), "event seq " + entry.getKey() + " as the client saw it");
        }
    }

    /** A logged event, not a control frame (connected, pong, ack, error carry the current seq but are not logged). */
    static boolean isLogged(JsonNode frame) {
        return frame.has("seq") && frame.get("seq").asLong() > 0
                && !frame.path("type").asText().matches("connected|pong|ack|error");
    }

    static long regularFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    static List<Path> regularFilesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** An embedded PostgreSQL 16 with a {@code sheetflow} database, kept in {@code data} across restarts. */
    static final class Postgres implements AutoCloseable {
        private final Path data;
        private final int port;
        private EmbeddedPostgres server;

        Postgres(Path data) throws IOException, SQLException {
            this.data = data;
            this.port = ServerProcess.freePort();
            start();
            try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE sheetflow");
            }
        }

        void start() throws IOException {
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        }

        void stop() throws IOException {
            if (server != null) {
                server.close();
                server = null;
            }
        }

        /** The server's environment for this database. */
        Map<String, String> environment() {
            return Map.of(
                    "DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:" + port + "/sheetflow",
                    "DATASOURCES_DEFAULT_DRIVER_CLASS_NAME", "org.postgresql.Driver",
                    "DATASOURCES_DEFAULT_USERNAME", "postgres",
                    "DATASOURCES_DEFAULT_PASSWORD", "");
        }

        @Override
        public void close() throws IOException {
            stop();
        }
    }
}
