package io.sheetflow.aws;

import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.event.EventTypes;
import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run whose queue message cannot be sent is failed with a reason and answered 503, not left queued forever. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsRunQueueTest {
    private LambdaApp app;

    @BeforeAll
    void start() {
        app = new LambdaApp(Map.of("sheetflow.runs.queue-url", ElasticMq.endpoint() + "/000000000000/no-such-queue"));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void unsendableRun_isFailedWithAReason_andTheSubmitAnswers503() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", "id,name\n1,Ann\n");

        ApiException refused = assertThrows(ApiException.class, () -> app.submit(chat, "csv/info"));

        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, refused.status());
        List<WorkflowRun> runs = app.bean(WorkflowRunRepository.class).findByConversationIdOrderByCreatedAt(chat.id());
        assertEquals(1, runs.size());
        assertEquals(RunStatus.FAILED, runs.get(0).status());
        assertEquals(SqsRunQueue.NOT_QUEUED, runs.get(0).error());
        assertTrue(app.loggedTypes(chat.id()).contains(EventTypes.WORKFLOW_FAILED));
    }
}
