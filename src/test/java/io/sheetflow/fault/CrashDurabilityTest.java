package io.sheetflow.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerProcess;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sheetflow.fault.FaultChecks.assertSeenAreLogged;
import static io.sheetflow.fault.FaultChecks.gapFreeLog;
import static io.sheetflow.fault.FaultChecks.isLogged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable before acknowledged, on the embedded defaults (H2 file database, filesystem store): the packaged
 * server is killed with SIGKILL right after it answered an upload, or right after a client received an event,
 * and started again on the same data directory.
 */
@Tag("fault")
class CrashDurabilityTest {
    private static final String TOKEN = "sft_fault_" + java.util.UUID.randomUUID();

    @Test
    void everyUploadAnsweredBeforeAKill9_isThereAfterTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-upload-");
        Map<String, byte[]> acknowledged = new LinkedHashMap<>();
        String chat = null;
        int iterations = 20;
        for (int i = 0; i < iterations; i++) {
            try (ServerProcess server = ServerProcess.start(dir, TOKEN, Map.of())) {
                ApiClient api = new ApiClient(server.base(), TOKEN);
                if (chat == null) {
                    chat = api.createChat();
                }
                checkAcknowledged(api, chat, acknowledged);
                byte[] csv = ("id,name\n" + i + ",row " + i + "\n").getBytes(StandardCharsets.UTF_8);
                String name = "upload-" + i + ".csv";
                Answer answer = api.upload(chat, name, csv);
                assertTrue(answer.status() / 100 == 2, answer.body().toString());
                acknowledged.put(answer.data().get("file_id").asText(), csv);
                server.kill9(); // right after the answer
            }
        }
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, Map.of())) {
            checkAcknowledged(new ApiClient(server.base(), TOKEN), chat, acknowledged);
        }
        System.out.println("[fault] uploads: " + iterations + " kill -9 right after the upload's answer; "
                + acknowledged.size() + " acknowledged files, all present after restart with their rows and bytes");
    }

    private static void checkAcknowledged(ApiClient api, String chat, Map<String, byte[]> acknowledged) throws Exception {
        JsonNode files = api.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files");
        List<String> ids = new ArrayList<>();
        files.forEach(f -> ids.add(f.get("file_id").asText()));
        for (var expected : acknowledged.entrySet()) {
            assertTrue(ids.contains(expected.getKey()), "acknowledged file " + expected.getKey() + " is listed: " + ids);
            var download = api.download("/api/v1/chat/workflows/" + chat + "/files/id/" + expected.getKey());
            assertEquals(200, download.statusCode());
            assertArrayEquals(expected.getValue(), download.body());
        }
        assertEquals(acknowledged.size(), ids.size(), "no file beyond the acknowledged ones");
    }

    @Test
    void onH2_everyEventAClientSawBeforeAKill9_isInTheLogWithTheSameSeqAfterTheRestart() throws Exception {
        eventKills("H2", Files.createTempDirectory("sheetflow-fault-events-h2-"), Map.of(), 50);
    }

    @Test
    void onPostgres_everyEventAClientSawBeforeAKill9_isInTheLogWithTheSameSeqAfterTheRestart() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-events-pg-");
        try (FaultChecks.Postgres pg = new FaultChecks.Postgres(dir.resolve("pg"))) {
            eventKills("PostgreSQL", dir, pg.environment(), 20);
        }
    }

    private static void eventKills(String database, Path dir, Map<String, String> env, int iterations) throws Exception {
        Map<Long, String> seen = new LinkedHashMap<>();
        String chat = null;
        for (int i = 0; i < iterations; i++) {
            try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
                ApiClient api = new ApiClient(server.base(), TOKEN);
                if (chat == null) {
                    chat = api.createChat();
                    api.upload(chat, "people.csv", "id,name\n1,Ann\n2,Bob\n".getBytes(StandardCharsets.UTF_8));
                }
                checkSeen(api, chat, seen);
                long last = seen.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
                try (TestSocket socket = TestSocket.connect(server.base(), "/chat/" + chat + "?since=" + last, TOKEN)) {
                    socket.awaitType("connected");
                    api.post("/api/v1/chat/workflows/" + chat + "/execute", "{\"steps\":[{\"operation\":\"csv/info\"}]}");
                    // Gate on the client having received a run event, then kill at once.
                    JsonNode event = socket.awaitFrame(f -> isLogged(f) && f.hasNonNull("run_id"));
                    server.kill9();
                    for (JsonNode frame : socket.frames()) {
                        if (isLogged(frame)) {
                            seen.put(frame.get("seq").asLong(), frame.toString());
                        }
                    }
                    assertTrue(seen.containsKey(event.get("seq").asLong()));
                }
            }
        }
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            checkSeen(new ApiClient(server.base(), TOKEN), chat, seen);
        }
        System.out.println("[fault] events on " + database + ": " + iterations + " kill -9 right after a client received an event; "
                + seen.size() + " events seen live, all in the log after restart with the same seq, type and payload, "
                + "no seq reused");
    }

    private static void checkSeen(ApiClient api, String chat, Map<Long, String> seen) {
        assertSeenAreLogged(seen, gapFreeLog(api, chat));
    }


}
