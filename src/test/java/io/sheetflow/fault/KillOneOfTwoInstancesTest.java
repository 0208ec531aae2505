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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.sheetflow.fault.FaultChecks.gapFreeLog;
import static io.sheetflow.fault.FaultChecks.isLogged;
import static io.sheetflow.fault.FaultChecks.runStatus;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two instances (separate processes) sharing one PostgreSQL and one object store directory, with the shared run
 * queue, events and limits: the one executing a run is killed with kill -9; the other fails that run once its
 * lease expired, executes the queued runs, and its clients see every event, the failure included, once.
 */
@Tag("fault")
class KillOneOfTwoInstancesTest {
    private static final String TOKEN = "sft_fault_" + UUID.randomUUID();
    private static final String LONG_STEP = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}],"
            + "\"input_file\":\"people.csv\"}";
    private static final String SHORT_STEP = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}],"
            + "\"input_file\":\"small.csv\"}";

    @Test
    void theSurvivorFailsTheKilledInstancesRun_runsTheQueuedOnes_andItsClientsSeeEveryEventOnce() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-two-");
        try (FaultChecks.Postgres pg = new FaultChecks.Postgres(dir.resolve("pg"))) {
            Map<String, String> env = new HashMap<>(pg.environment());
            env.put("SHEETFLOW_STORAGE_FILESYSTEM_DIRECTORY", dir.resolve("objects").toString());
            env.put("SHEETFLOW_RUNS_QUEUE", "database");
            env.put("SHEETFLOW_EVENTS_FANOUT", "database");
            env.put("SHEETFLOW_LIMITS_STORE", "database");
            env.put("SHEETFLOW_RUNS_MAX_CONCURRENT", "1");
            env.put("SHEETFLOW_RUNS_DATABASE_LEASE", "3s");
            env.put("SHEETFLOW_RUNS_DATABASE_SWEEP_INTERVAL", "1s");
            Map<String, ServerProcess> servers = new HashMap<>();
            try {
                for (String name : List.of("instance-a", "instance-b")) {
                    Map<String, String> own = new HashMap<>(env);
                    own.put("SHEETFLOW_INSTANCE_NAME", name);
                    Path home = Files.createDirectories(dir.resolve(name));
                    servers.put(name, ServerProcess.start(home, TOKEN, own));
                }
                scenario(dir, pg, servers);
            } finally {
                for (ServerProcess server : servers.values()) {
                    server.close();
                }
            }
        }
    }

    private void scenario(Path dir, FaultChecks.Postgres pg, Map<String, ServerProcess> servers) throws Exception {
        ApiClient a = new ApiClient(servers.get("instance-a").base(), TOKEN);
        String chat = a.createChat();
        assertEquals(200, a.upload(chat, "small.csv", Csv.people(dir, 50)).status());
        assertEquals(200, a.upload(chat, "people.csv", Csv.people(dir, 400_000)).status());
        Map<String, TestSocket> sockets = new HashMap<>();
        try {
            for (var server : servers.entrySet()) {
                TestSocket socket = TestSocket.connect(server.getValue().base(), "/chat/" + chat, TOKEN);
                socket.awaitType("connected");
                sockets.put(server.getKey(), socket);
            }
            long baseline = sockets.values().iterator().next().frames("connected").get(0).get("seq").asLong();
            String interrupted = a.post("/api/v1/chat/workflows/" + chat + "/execute", LONG_STEP).data().get("run_id").asText();
            await().atMost(Duration.ofMinutes(2)).until(() -> claimedBy(pg, interrupted) != null);
            String victim = claimedBy(pg, interrupted);
            String survivor = victim.equals("instance-a") ? "instance-b" : "instance-a";
            TestSocket watching = sockets.get(survivor);
            // Gate: the survivor's client has seen the run's progress, so the kill lands mid-step.
            watching.awaitFrame(f -> "progress".equals(f.path("type").asText())
                    && interrupted.equals(f.path("run_id").asText()));
            ApiClient onSurvivor = new ApiClient(servers.get(survivor).base(), TOKEN);
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                queued.add(onSurvivor.post("/api/v1/chat/workflows/" + chat + "/execute", SHORT_STEP).data().get("run_id").asText());
            }
            servers.get(victim).kill9();

            await().atMost(Duration.ofMinutes(2)).until(() -> "failed".equals(runStatus(onSurvivor, chat, interrupted)));
            JsonNode failed = onSurvivor.get("/api/v1/chat/workflows/" + chat + "/runs/" + interrupted).data();
            assertEquals(RunLifecycle.WORKER_LOST, failed.get("error").asText());
            watching.awaitFrame(f -> "workflow_failed".equals(f.path("type").asText())
                    && interrupted.equals(f.path("run_id").asText()));
            for (String run : queued) {
                await().atMost(Duration.ofMinutes(2)).until(() -> "completed".equals(runStatus(onSurvivor, chat, run)));
                watching.awaitFrame(f -> "workflow_completed".equals(f.path("type").asText()) && run.equals(f.path("run_id").asText()));
            }
            Map<Long, String> log = gapFreeLog(onSurvivor, chat);
            List<Long> expected = log.keySet().stream().filter(seq -> seq > baseline).toList();
            List<Long> seen = watching.frames().stream().filter(FaultChecks::isLogged).map(f -> f.get("seq").asLong()).toList();
            assertEquals(expected, seen, "the survivor's client saw every event after it connected, once, in order");
            for (JsonNode frame : watching.frames()) {
                if (isLogged(frame)) {
                    assertEquals(log.get(frame.get("seq").asLong()), frame.toString(), "as logged");
                }
            }
            long completedOnSurvivor = queued.stream().filter(run -> survivor.equals(claimedBy(pg, run))).count();
            assertEquals(queued.size(), completedOnSurvivor, "the survivor executed the queued runs");
            System.out.println("[fault] kill -9 of " + victim + " mid-step: " + survivor + " failed its run ("
                    + failed.get("error").asText() + "), completed " + queued.size() + " queued runs, and its client saw "
                    + seen.size() + " events after seq " + baseline + ", gap-free and once each; the log holds "
                    + log.size() + " events; files: " + StreamSupport.stream(onSurvivor.get("/api/v1/chat/workflows/"
                    + chat + "/files").data().get("files").spliterator(), false).count());
        } finally {
            sockets.values().forEach(TestSocket::close);
        }
    }

    private static String claimedBy(FaultChecks.Postgres pg, String runId) {
        String url = pg.environment().get("DATASOURCES_DEFAULT_URL");
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT claimed_by FROM workflow_run WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(runId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
