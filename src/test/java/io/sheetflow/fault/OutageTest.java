package io.sheetflow.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.sheetflow.fault.FaultChecks.regularFiles;
import static io.sheetflow.fault.FaultChecks.runStatus;
import static io.sheetflow.fault.FaultChecks.seqs;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The environment fails under a running server: the database goes away and comes back, the disk fills, the
 * process is asked to stop. Each scenario prints what it checked.
 */
@Tag("fault")
class OutageTest {
    private static final String TOKEN = "sft_fault_" + UUID.randomUUID();
    private static final String STEPS = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}]}";

    @Test
    void databaseOutage_answers503WhileDown_readinessFollows_andTheServiceRecoversWithoutARestart() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-db-");
        FaultChecks.Postgres pg = new FaultChecks.Postgres(dir.resolve("pg"));
        Map<String, String> env = pg.environment();
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            String chat = api.createChat();
            assertEquals(200, api.upload(chat, "people.csv", Csv.people(dir, 200_000)).status());
            String run = api.post("/api/v1/chat/workflows/" + chat + "/execute", STEPS).data().get("run_id").asText();
            await().atMost(Duration.ofMinutes(1)).until(() -> "running".equals(runStatus(api, chat, run)));

            pg.stop(); // the database stops under the running step
            Answer list = api.get("/api/v1/chat/workflows");
            assertEquals(503, list.status(), list.body().toString());
            assertEquals("DatabaseUnavailable", list.data().path("error_type").asText(), list.body().toString());
            assertEquals("5", list.raw().headers().firstValue("Retry-After").orElse(""));
            Answer ready = api.get("/api/v1/health/ready");
            assertEquals(503, ready.status());
            assertEquals("down", ready.data().path("checks").path("database").asText());
            assertEquals(200, api.get("/api/v1/health").status(), "alive while the database is down");

            pg.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> api.get("/api/v1/health/ready").status() == 200);
            await().atMost(Duration.ofMinutes(3)).until(() -> Set.of("completed", "failed").contains(runStatus(api, chat, run)));
            JsonNode ended = api.get("/api/v1/chat/workflows/" + chat + "/runs/" + run).data();
            String reason = ended.path("error").asText("");
            assertTrue(ended.get("status").asText().equals("completed") || !reason.isBlank(),
                    "a failed run says why: " + ended);
            assertEquals(201, api.post("/api/v1/chat/workflows", "{}").status(), "recovered without a restart");
            String again = api.post("/api/v1/chat/workflows/" + chat + "/execute",
                    "{\"steps\":[{\"operation\":\"csv/info\"}]}").data().get("run_id").asText();
            await().atMost(Duration.ofMinutes(1)).until(() -> "completed".equals(runStatus(api, chat, again)));
            List<Long> seqs = seqs(api, chat);
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1, seqs.get(i), "gap-free event log: " + seqs);
            }
            System.out.println("[fault] database outage (PostgreSQL stopped during a step): requests 503 DatabaseUnavailable, "
                    + "readiness down then up; the interrupted run ended " + ended.get("status").asText()
                    + (reason.isBlank() ? "" : " (" + reason + ")") + "; a new run completed; " + seqs.size()
                    + " events, seq 1.." + seqs.size() + " without gaps");
        } finally {
            pg.close();
        }
    }

    @Test
    void fullDisk_refusesUploadsWith507_failsRunsWhoseOutputDoesNotFit_andKeepsNothingHalfWritten() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-disk-");
        Path objects = dir.resolve("data").resolve("objects");
        Files.createDirectories(objects);
        assumeTrue(mountTmpfs(objects, "4m"), "a small tmpfs can be mounted here (needs root)");
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, Map.of())) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            String chat = api.createChat();
            Path big = Csv.people(dir, 120_000); // several MB: more than the store's 4 MB
            assertTrue(Files.size(big) > 4 * 1024 * 1024, "the file is larger than the disk");

            Answer refused = api.upload(chat, "big.csv", big);
            assertEquals(507, refused.status(), refused.body().toString());
            assertEquals("InsufficientStorage", refused.data().path("error_type").asText());
            assertEquals(0, api.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files").size(),
                    "no file row");
            assertEquals(0, regularFiles(objects), "no partial object");

            // A file that fits leaves too little space for its own conversion's output.
            Path fits = Csv.people(dir, 55_000);
            assertEquals(200, api.upload(chat, "fits.csv", fits).status());
            String run = api.post("/api/v1/chat/workflows/" + chat + "/execute", STEPS).data().get("run_id").asText();
            await().atMost(Duration.ofMinutes(2)).until(() -> Set.of("completed", "failed").contains(runStatus(api, chat, run)));
            JsonNode ended = api.get("/api/v1/chat/workflows/" + chat + "/runs/" + run).data();
            assertEquals("failed", ended.get("status").asText(), ended.toString());
            assertTrue(ended.get("error").asText().contains("storage space"), ended.toString());
            assertEquals(1, api.get("/api/v1/chat/workflows/" + chat + "/files").data().get("files").size(),
                    "only the upload: no output row");
            assertEquals(1, regularFiles(objects), "only the upload's object: no partial output");

            Answer small = api.upload(chat, "small.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, small.status(), "a file that fits is stored: " + small.body());
            System.out.println("[fault] disk full (4 MB tmpfs store): a " + Files.size(big) / 1024 + " KiB upload got 507 "
                    + "InsufficientStorage with 0 rows and 0 objects left; a run whose output did not fit failed ("
                    + ended.get("error").asText() + ") leaving 0 output rows and objects; a small upload was then stored ("
                    + regularFiles(objects) + " objects in all)");
        } finally {
            new ProcessBuilder("umount", "-l", objects.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermDuringARun_stopsWithinTheGrace_andTheRunEndsWithTheStoppedReason() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-fault-sigterm-");
        Map<String, String> env = Map.of("SHEETFLOW_RUNS_STOP_GRACE", "2s");
        String chat;
        String run;
        long stopMillis;
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            chat = api.createChat();
            assertEquals(200, api.upload(chat, "people.csv", Csv.people(dir, 400_000)).status());
            run = api.post("/api/v1/chat/workflows/" + chat + "/execute", STEPS).data().get("run_id").asText();
            await().atMost(Duration.ofMinutes(1)).until(() -> "running".equals(runStatus(api, chat, run)));
            stopMillis = server.terminate(Duration.ofSeconds(60));
        }
        try (ServerProcess server = ServerProcess.start(dir, TOKEN, env)) {
            ApiClient api = new ApiClient(server.base(), TOKEN);
            JsonNode ended = api.get("/api/v1/chat/workflows/" + chat + "/runs/" + run).data();
            String status = ended.get("status").asText();
            assertTrue(status.equals("completed") || (status.equals("failed")
                    && ended.path("error").asText().startsWith("The server stopped")), ended.toString());
            List<Long> seqs = seqs(api, chat);
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1, seqs.get(i), "gap-free event log: " + seqs);
            }
            assertTrue(stopMillis < 30_000, "stopped within the grace and shutdown bounds: " + stopMillis + " ms");
            System.out.println("[fault] SIGTERM during a step (grace 2 s): exited after " + stopMillis + " ms; the run "
                    + status + (status.equals("failed") ? " (" + ended.path("error").asText() + ")" : "") + "; "
                    + seqs.size() + " events without gaps after the restart");
        }
    }




    private static boolean mountTmpfs(Path at, String size) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        return mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    }

}
