package io.sheetflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class WorkflowRunTest extends ServerTest {
    static final String CONVERT = "{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}";

    static String steps(String... steps) {
        return "{\"steps\":[" + String.join(",", steps) + "]}";
    }

    String chatWithPeople(int rows) {
        String chat = api().createChat();
        Answer upload = api().upload(chat, "people.csv", Csv.people(dataDir, rows));
        assertEquals(200, upload.status(), upload.body().toString());
        return chat;
    }

    JsonNode awaitRun(String chat, String runId) {
        await().atMost(Duration.ofSeconds(120)).until(() -> api().get("/api/v1/chat/workflows/" + chat + "/runs/" + runId)
                .data().get("status").asText().matches("completed|failed|cancelled"));
        return api().get("/api/v1/chat/workflows/" + chat + "/runs/" + runId).data();
    }

    @Test
    void execute_answers202WithRunAndLinks_thenCompletes() {
        String chat = chatWithPeople(200);
        Answer accepted = api().post("/api/v1/chat/workflows/" + chat + "/execute", steps(CONVERT));
        assertEquals(202, accepted.status(), accepted.body().toString());
        assertEquals(202, accepted.body().get("status_code").asInt());
        JsonNode run = accepted.data();
        assertTrue(run.get("status").asText().matches("queued|running|completed"), run.toString());
        assertTrue(run.get("links").get("self").asText().endsWith("/runs/" + run.get("run_id").asText()));
        assertTrue(run.get("links").get("websocket").asText().startsWith("ws://"));

        JsonNode done = awaitRun(chat, run.get("run_id").asText());
        assertEquals("completed", done.get("status").asText());
        JsonNode step = done.get("steps").get(0);
        assertEquals("completed", step.get("status").asText());
        assertEquals(100, step.get("progress").asInt());
        assertEquals(200, step.get("rows_done").asLong());
        assertEquals(200, step.get("result").get("rows").asLong());
        assertEquals("output", step.get("output_files").get(0).get("kind").asText());
        assertEquals("people_converted.xlsx", step.get("output_files").get(0).get("filename").asText());

        JsonNode conversation = api().get("/api/v1/chat/workflows/" + chat).data();
        assertEquals("completed", conversation.get("status").asText());
        assertEquals("completed", conversation.get("last_run_status").asText());
        assertEquals(1, conversation.get("runs").size());
        List<String> history = conversation.get("messages").findValuesAsText("content");
        assertTrue(history.stream().anyMatch(m -> m.startsWith("Workflow started")), history.toString());
        assertTrue(history.stream().anyMatch(m -> m.startsWith("Step 1/1 csv/convert-to-excel completed")), history.toString());
        assertTrue(history.stream().anyMatch(m -> m.startsWith("Workflow completed")), history.toString());
    }

    @Test
    void executeWithWait_answers200WithResults() {
        String chat = chatWithPeople(50);
        Answer answer = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                steps("{\"operation\":\"csv/info\"}"));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals("completed", answer.data().get("status").asText());
        JsonNode result = answer.data().get("steps").get(0).get("result");
        assertEquals(50, result.get("rows").asLong());
        assertEquals("integer", result.get("data_types").get("id").asText());
        assertEquals("date", result.get("data_types").get("signup_date").asText());
    }

    @Test
    void stepsChain_eachOutputFeedsTheNextAndAllOutputsAreDownloadable() throws Exception {
        String chat = chatWithPeople(300);
        Answer answer = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", steps(CONVERT,
                "{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":[\"email\",\"id\"]}}",
                "{\"operation\":\"excel/info\"}"));
        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode steps = answer.data().get("steps");
        JsonNode converted = steps.get(0).get("output_files").get(0);
        JsonNode extracted = steps.get(1).get("output_files").get(0);
        assertEquals("intermediate", converted.get("kind").asText());
        assertEquals("output", extracted.get("kind").asText());
        assertEquals(converted.get("file_id").asText(), steps.get(1).get("input_file_id").asText());
        assertEquals(extracted.get("file_id").asText(), steps.get(2).get("input_file_id").asText());
        assertEquals(List.of("email", "id"), textList(steps.get(2).get("result").get("column_names")));

        Path downloaded = dataDir.resolve("extracted.xlsx");
        api().downloadTo(extracted.get("download_url").asText(), downloaded);
        try (TableReader reader = TableReaders.open(downloaded, SheetFormat.XLSX, new ReadOptions(null, null))) {
            assertEquals(List.of("email", "id"), reader.header());
            assertArrayEquals(new Object[]{"user1@Example.COM", 1L}, reader.nextRow());
        }
        assertEquals(3, api().get("/api/v1/chat/workflows/" + chat + "/files").data().get("count").asInt());
    }

    @Test
    void outputNames_areUniqueAcrossRuns() {
        String chat = chatWithPeople(20);
        api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", steps(CONVERT));
        Answer second = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", steps(CONVERT));
        assertEquals("people_converted_2.xlsx",
                second.data().get("steps").get(0).get("output_files").get(0).get("filename").asText());
    }

    @Test
    void invalidRequests_answer4xxNamingTheProblem_andCreateNoRun() {
        String chat = chatWithPeople(5);
        String url = "/api/v1/chat/workflows/" + chat + "/execute";

        Answer noSteps = api().post(url, "{\"steps\":[]}");
        assertEquals(422, noSteps.status());
        assertEquals("No steps provided", noSteps.message());

        Answer unknown = api().post(url, steps("{\"operation\":\"excel/teleport\"}"));
        assertEquals(422, unknown.status());
        assertTrue(unknown.message().contains("excel/teleport"), unknown.message());
        assertEquals("steps[0].operation", unknown.data().get("details").get("field").asText());

        Answer wrongType = api().post(url, steps(CONVERT,
                "{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":\"email\"}}"));
        assertEquals(422, wrongType.status());
        assertEquals("steps[1].arguments.columns", wrongType.data().get("details").get("field").asText());
        assertTrue(wrongType.message().startsWith("Step 2 (excel/extract-columns-to-file)"), wrongType.message());

        Answer empty = api().post(url, steps("{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":[]}}"));
        assertEquals(422, empty.status());
        assertTrue(empty.message().contains("No columns specified for extraction"), empty.message());

        Answer unknownArgument = api().post(url, steps("{\"operation\":\"csv/info\",\"arguments\":{\"colour\":\"red\"}}"));
        assertEquals(422, unknownArgument.status());
        assertTrue(unknownArgument.message().contains("colour"), unknownArgument.message());

        Answer badInput = api().post(url, "{\"steps\":[{\"operation\":\"csv/info\"}],\"input_file\":\"nope.csv\"}");
        assertEquals(422, badInput.status());
        assertTrue(badInput.message().contains("nope.csv"));

        Answer malformed = api().post(url, "{\"steps\":[");
        assertEquals(400, malformed.status());
        assertEquals(400, malformed.body().get("status_code").asInt());

        assertEquals(0, api().get("/api/v1/chat/workflows/" + chat + "/runs").data().get("count").asInt());
    }

    @Test
    void executeWithoutUpload_answers422() {
        String chat = api().createChat();
        Answer answer = api().post("/api/v1/chat/workflows/" + chat + "/execute", steps("{\"operation\":\"csv/info\"}"));
        assertEquals(422, answer.status());
        assertTrue(answer.message().startsWith("No uploaded file found for processing"));
    }

    @Test
    void failedStep_failsTheRunWithAClearError_andTheConversationStaysUsable() {
        String chat = chatWithPeople(30);
        Answer failed = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", steps(CONVERT,
                "{\"operation\":\"excel/extract-columns-to-file\",\"arguments\":{\"columns\":[\"email\",\"salary\"]}}",
                "{\"operation\":\"excel/info\"}"));
        assertEquals(200, failed.status(), failed.body().toString());
        JsonNode run = failed.data();
        assertEquals("failed", run.get("status").asText());
        assertEquals("Workflow failed at step 2/3: Columns not found in data: salary", run.get("error").asText());
        assertEquals("completed", run.get("steps").get(0).get("status").asText());
        assertEquals("failed", run.get("steps").get(1).get("status").asText());
        assertEquals("skipped", run.get("steps").get(2).get("status").asText());
        assertEquals("failed", api().get("/api/v1/chat/workflows/" + chat).data().get("last_run_status").asText());

        Answer next = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"csv/info\"}],\"input_file\":\"people.csv\"}");
        assertEquals("completed", next.data().get("status").asText());
    }

    @Test
    void runOnTheWrongKindOfFile_failsWithAMessage() {
        String chat = chatWithPeople(10);
        Answer answer = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                steps("{\"operation\":\"excel/info\"}"));
        assertEquals("failed", answer.data().get("status").asText());
        assertTrue(answer.data().get("error").asText().startsWith("Workflow failed at step 1/1: "));
        assertEquals(200, api().get("/api/v1/health").status());
    }

    @Test
    void cancelDuringALongStep_endsTheRunCancelled_andANewRunIsAccepted() {
        String chat = chatWithPeople(400_000);
        String runId = api().post("/api/v1/chat/workflows/" + chat + "/execute", steps(CONVERT)).data().get("run_id").asText();
        String runUrl = "/api/v1/chat/workflows/" + chat + "/runs/" + runId;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode step = api().get(runUrl).data().get("steps").get(0);
            return step.get("progress").asInt() > 0 || !step.get("status").asText().matches("pending|running");
        });
        Answer cancel = api().post(runUrl + "/cancel", null);
        assertTrue(cancel.status() == 202 || cancel.status() == 200, cancel.body().toString());

        JsonNode run = awaitRun(chat, runId);
        assertEquals("cancelled", run.get("status").asText());
        assertEquals("cancelled", run.get("steps").get(0).get("status").asText());
        assertEquals(0, run.get("steps").get(0).get("output_files").size());
        JsonNode events = api().get("/api/v1/chat/workflows/" + chat + "/events?since=0").data().get("events");
        assertEquals("workflow_cancelled", events.get(events.size() - 1).get("type").asText());

        Answer again = api().post(runUrl + "/cancel", null);
        assertEquals(409, again.status());

        Answer next = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=120", steps("{\"operation\":\"csv/info\"}"));
        assertEquals("completed", next.data().get("status").asText());
        try (var work = Files.list(dataDir.resolve("work/runs"))) {
            assertEquals(0, work.count(), "work directories are cleaned up");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownRun_answers404() {
        String chat = api().createChat();
        assertEquals(404, api().get("/api/v1/chat/workflows/" + chat + "/runs/00000000-0000-4000-8000-000000000000").status());
        assertEquals(404, api().post("/api/v1/chat/workflows/" + chat + "/runs/xyz/cancel", null).status());
    }

    static List<String> textList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
