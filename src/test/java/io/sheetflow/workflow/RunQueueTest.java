package io.sheetflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One worker: runs wait their turn in FIFO order and know their position; restarts recover runs. */
@MicronautTest(transactional = false)
class RunQueueTest extends ServerTest {
    @Inject
    WorkflowRunRepository runs;
    @Inject
    WorkflowStepRepository steps;
    @Inject
    ConversationRepository conversations;
    @Inject
    RunRecovery recovery;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.runs.max-concurrent", "1");
    }

    @Test
    void runsBeyondTheWorkerCount_waitInOrderWithTheirPosition() {
        String chat = api().createChat();
        api().upload(chat, "big.csv", Csv.people(dataDir, 150_000));
        String convert = WorkflowRunTest.steps(WorkflowRunTest.CONVERT);
        String url = "/api/v1/chat/workflows/" + chat + "/execute";
        String first = api().post(url, convert).data().get("run_id").asText();
        await().until(() -> "running".equals(run(chat, first).get("status").asText()));
        JsonNode second = api().post(url, convert).data();
        JsonNode third = api().post(url, convert).data();
        assertEquals("queued", second.get("status").asText());
        assertEquals(1, second.get("queue_position").asInt());
        assertEquals(2, third.get("queue_position").asInt());

        String thirdId = third.get("run_id").asText();
        assertEquals(200, api().post("/api/v1/chat/workflows/" + chat + "/runs/" + thirdId + "/cancel", null).status());
        assertEquals("cancelled", run(chat, thirdId).get("status").asText());

        await().atMost(Duration.ofSeconds(120)).until(() ->
                "completed".equals(run(chat, second.get("run_id").asText()).get("status").asText()));
        assertEquals("completed", run(chat, first).get("status").asText());
        assertEquals("cancelled", run(chat, thirdId).get("status").asText());
    }

    @Test
    void recovery_failsInterruptedRuns_andResumesQueuedOnes() {
        String chat = api().createChat();
        String fileId = api().upload(chat, "p.csv", Csv.people(dataDir, 10)).data().get("file_id").asText();
        UUID chatId = UUID.fromString(chat);
        WorkflowRun interrupted = runs.save(new WorkflowRun(UUID.randomUUID(), chatId, "local", RunStatus.RUNNING,
                UUID.fromString(fileId), "[]", false, null, Instant.now(), Instant.now(), null));
        steps.save(new WorkflowStep(UUID.randomUUID(), interrupted.id(), 0, "csv/info", "{}", StepStatus.RUNNING, 40,
                4L, 10L, UUID.fromString(fileId), null, null, null, Instant.now(), null));
        WorkflowRun waiting = runs.save(new WorkflowRun(UUID.randomUUID(), chatId, "local", RunStatus.QUEUED,
                UUID.fromString(fileId), "[]", false, null, Instant.now(), null, null));
        steps.save(new WorkflowStep(UUID.randomUUID(), waiting.id(), 0, "csv/info", "{}", StepStatus.PENDING, 0,
                null, null, null, null, null, null, null, null));

        recovery.recover();

        JsonNode failed = run(chat, interrupted.id().toString());
        assertEquals("failed", failed.get("status").asText());
        assertEquals(RunRecovery.INTERRUPTED, failed.get("error").asText());
        assertEquals("failed", failed.get("steps").get(0).get("status").asText());
        await().until(() -> "completed".equals(run(chat, waiting.id().toString()).get("status").asText()));
    }

    private JsonNode run(String chat, String runId) {
        return api().get("/api/v1/chat/workflows/" + chat + "/runs/" + runId).data();
    }
}
