package io.sheetflow.workflow;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ending a run is conditional on it still running: a late finisher cannot overwrite an end already recorded. */
@MicronautTest(transactional = false)
class RunFinishTest extends ServerTest {
    @Inject
    WorkflowRunRepository runs;

    @Test
    void finishingARunThatAlreadyEnded_changesNothing() {
        String chat = api().createChat();
        api().upload(chat, "a.csv", "a,b\n1,2\n".getBytes());
        Answer done = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"csv/info\"}]}");
        assertEquals("completed", done.data().get("status").asText(), done.body().toString());
        UUID runId = UUID.fromString(done.data().get("run_id").asText());

        assertEquals(0, runs.finish(runId, RunStatus.FAILED.name(), "a late finisher", Instant.now()));

        WorkflowRun run = runs.findById(runId).orElseThrow();
        assertEquals(RunStatus.COMPLETED, run.status());
        assertEquals(null, run.error());
    }
}
