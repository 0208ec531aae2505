package io.sheetflow.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerProcess;
import io.sheetflow.support.TestSocket;
import io.sheetflow.workflow.RunLifecycle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.sheetflow.fault.FaultChecks.assertSeenAreLogged;
import static io.sheetflow.fault.FaultChecks.gapFreeLog;
import static io.sheetflow.fault.FaultChecks.isLogged;
import static io.sheetflow.fault.FaultChecks.regularFiles;
import static io.sheetflow.fault.FaultChecks.regularFilesIn;
import static io.sheetflow.fault.FaultChecks.runStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of a step, with runs queued behind it and WebSocket clients connected, on the embedded H2
 * and on PostgreSQL; then a restart on the same data.
 */
@Tag("fault")
class KillDuringRunTest {
    private static final String TOKEN = "sft_fault_" + UUID.randomUUID();
    private static final String LONG_STEP = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}],"
            + "\"input_file\":\"people.csv\"}";
    private static final String SHORT_STEP = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}],"
            + "\"input_file\":\"small.csv\"}";

    @Test
    void onH2_theInterruptedRunFails_queuedRunsComplete_andNothingIsLostOrLeftOver() throws Exception {
        scenario("H2", Files.createTempDirectory("sheetflow-fault-kill-h2-"), Map.of());
    }

    @Test
    void onPostgres_theInterruptedRunFails_queuedRunsComplete_andNothingIsLostOrLeftOver() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-kill-pg-");
        try (FaultChecks.Postgres pg = new FaultChecks.Postgres(dir.resolve("pg"))) {
            scenario("PostgreSQL", dir, pg.environment());
        }
    }

    private void scenario(String database, Path dir, Map<String, String> databaseEnv) throws Exception {
        Map<String, String> env = new HashMap<>(databaseEnv);
        env.put("SHEETFLOW_RUNS_MAX_CONCURRENT", "1"); // one run at a time: the others wait in the queue
        Path work = dir.resolve("data").resolve("work");
        Path objects = dir.resolve("data").resolve("objects");
        String chat;
        String interrupted;
        List<String> queued = new ArrayList<>();
        Map<Long, String> seenLive = new LinkedHashMap<>();
        int clients = 3;
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            chat = api.createChat();
            assertEquals(200, api.upload(chat, "small.csv", Csv.people(dir, 50)).status());
            assertEquals(200, api.upload(chat, "people.csv", Csv.people(dir, 400_000)).status());
            List<TestSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    TestSocket socket = TestSocket.connect(server.base(), "/chat/" + chat, TOKEN);
                    socket.awaitType("connected");
                    sockets.add(socket);
                }
                interrupted = api.post("/api/v1/chat/workflows/" + chat + "/execute",
                        LONG_STEP).data().get("run_id").asText();
                for (int i = 0; i < 2; i++) {
                    queued.add(api.post("/api/v1/chat/workflows/" + chat + "/execute", SHORT_STEP).data().get("run_id").asText());
                }
                // Gate: the long step is writing its work files and the clients have seen its progress.
                Path runWork = work.resolve("runs").resolve(interrupted);
                await().atMost(Duration.ofMinutes(2)).until(() -> regularFiles(runWork) > 0);
                for (TestSocket socket : sockets) {
                    socket.awaitFrame(f -> "progress".equals(f.path("type").asText())
                            && interrupted.equals(f.path("run_id").asText()));
                }
                for (String run : queued) {
                    assertEquals("queued", runStatus(api, chat, run));
                }
                server.kill9();
                for (TestSocket socket : sockets) {
                    for (JsonNode frame : socket.frames()) {
                        if (isLogged(frame)) {
                            String before = seenLive.putIfAbsent(frame.get("seq").asLong(), frame.toString());
                            assertTrue(before == null || before.equals(frame.toString()), "clients saw the same event at a seq");
                        }
                    }
                }
            } finally {
                sockets.forEach(TestSocket::close);
            }
        }
        long lastSeen = seenLive.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();

        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            assertFalse(Files.exists(work.resolve("runs").resolve(interrupted)), "the dead run's work files are gone");
            try (TestSocket resumed = TestSocket.connect(server.base(), "/chat/" + chat + "?since=" + lastSeen, TOKEN)) {
                JsonNode failed = api.get("/api/v1/chat/workflows/" + chat + "/runs/" + interrupted).data();
                assertEquals("failed", failed.get("status").asText(), failed.toString());
                assertEquals(RunLifecycle.INTERRUPTED, failed.get("error").asText());
                for (String run : queued) {
                    await().atMost(Duration.ofMinutes(2)).until(() -> "completed".equals(runStatus(api, chat, run)));
                }
                Map<Long, String> log = gapFreeLog(api, chat);
                assertSeenAreLogged(seenLive, log);
                long lastLogged = log.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
                resumed.awaitFrame(f -> isLogged(f) && f.get("seq").asLong() == lastLogged);
                List<Long> replayed = resumed.frames().stream().filter(FaultChecks::isLogged)
                        .map(f -> f.get("seq").asLong()).toList();
                List<Long> rest = log.keySet().stream().filter(seq -> seq > lastSeen).toList();
                assertEquals(rest, replayed, "the resuming client got exactly the events after its last seq");

                JsonNode files = api.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files");
                assertEquals(2 + queued.size(), files.size(), "the two uploads and one output per completed run: " + files);
                for (JsonNode file : files) {
                    assertEquals(200, api.download(file.get("download_url").asText()).statusCode(), "row with its object");
                }
                assertEquals(files.size(), regularFiles(objects), "no object without its row: " + regularFilesIn(objects));
                assertEquals(List.of(), regularFilesIn(work.resolve("runs")), "no work files left");
                System.out.println("[fault] kill -9 during a step on " + database + ": " + clients + " clients saw "
                        + seenLive.size() + " events live (last seq " + lastSeen + "); after the restart the run was failed ("
                        + failed.get("error").asText() + "), " + queued.size() + " queued runs completed, the log holds "
                        + log.size() + " events without gaps with every seen one unchanged, the resuming client got the "
                        + rest.size() + " after seq " + lastSeen + ", " + files.size() + " file rows = "
                        + regularFiles(objects) + " objects, 0 work files left");
            }
        }
    }
}
