package io.sheetflow.aws;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.sheetflow.assistant.chat.AssistantMessages;
import io.sheetflow.assistant.chat.AssistantReplies;
import io.sheetflow.assistant.chat.AssistantWorker;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.MessageState;
import io.sheetflow.event.EventTypes;
import io.sheetflow.lambda.WorkerFunction;
import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.TestLambdaContext;
import io.sheetflow.workflow.AbandonedRuns;
import io.sheetflow.workflow.RunQueue;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.StepStatus;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowStepRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import org.awaitility.Awaitility;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker function on ElasticMQ messages and H2, invoked in-process as the SQS event source would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerFunctionTest {
    private static final String CSV = "id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n";
    private LambdaApp app;
    private WorkerFunction worker;
    private String databaseUrl;

    @BeforeAll
    void start() {
        // A short lock timeout: a run row locked by another transaction makes the claim fail quickly (retryable).
        databaseUrl = "jdbc:h2:mem:worker-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=500";
        app = new LambdaApp(Map.of("datasources.default.url", databaseUrl, "sheetflow.limits.active-runs-per-user", "1000"));
        worker = new WorkerFunction(app.context);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private SQSBatchResponse invoke(List<Map.Entry<String, String>> records) {
        return worker.handleRequest(LambdaApp.sqsEvent(records), new TestLambdaContext("WorkerFunction", 900_000));
    }

    private WorkflowRun submitted(Conversation conversation) {
        return app.submit(conversation, "csv/info");
    }

    private Message queued(UUID runId) {
        List<Message> messages = ElasticMq.receive(app.queueUrl, 10);
        assertEquals(1, messages.size(), "one message per submitted run");
        assertEquals("{\"run_id\":\"" + runId + "\"}", messages.get(0).body());
        return messages.get(0);
    }

    @Test
    void submit_sendsTheRunIdToTheQueue_andReportsItsPositionFromTheDatabase() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun run = submitted(chat);
        RunQueue queue = app.bean(RunQueue.class);
        assertTrue(queue.position(run.id()).isPresent());
        assertTrue(queue.stats().waiting() >= 1);
        Message message = queued(run.id());

        invoke(List.of(Map.entry(message.messageId(), message.body())));
        assertTrue(queue.position(run.id()).isEmpty());
        assertEquals(RunStatus.COMPLETED, app.run(run.id()).status());
    }

    @Test
    void runDeliveredTwice_executesExactlyOnce() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun run = submitted(chat);
        Message message = queued(run.id());

        SQSBatchResponse first = invoke(List.of(Map.entry(message.messageId(), message.body()),
                Map.entry(message.messageId() + "-again", message.body())));
        SQSBatchResponse later = invoke(List.of(Map.entry(message.messageId() + "-later", message.body())));

        assertTrue(first.getBatchItemFailures().isEmpty());
        assertTrue(later.getBatchItemFailures().isEmpty());
        WorkflowRun done = app.run(run.id());
        assertEquals(RunStatus.COMPLETED, done.status());
        List<String> types = app.loggedTypes(chat.id());
        assertEquals(1, types.stream().filter(EventTypes.WORKFLOW_STARTED::equals).count(), types.toString());
        assertEquals(1, types.stream().filter(EventTypes.WORKFLOW_COMPLETED::equals).count(), types.toString());
    }

    @Test
    void malformedMessages_areDroppedNotRetried() {
        SQSBatchResponse response = invoke(List.of(Map.entry("m1", "not json"), Map.entry("m2", "{}"),
                Map.entry("m3", "{\"run_id\":\"not-a-uuid\"}"), Map.entry("m4", "{\"run_id\":42}"),
                Map.entry("m5", "{\"run_id\":\"" + UUID.randomUUID() + "\"}")));
        assertTrue(response.getBatchItemFailures().isEmpty());
    }

    @Test
    void unknownMessageType_isDroppedNotRetried() {
        SQSBatchResponse response = invoke(List.of(Map.entry("t1", "{\"type\":\"compact\",\"run_id\":\""
                + UUID.randomUUID() + "\"}"), Map.entry("t2", "{\"type\":\"assistant_reply\",\"chat_id\":\""
                + UUID.randomUUID() + "\"}")));
        assertTrue(response.getBatchItemFailures().isEmpty());
    }

    private io.sheetflow.conversation.Message post(Conversation chat, String text) {
        return app.bean(AssistantMessages.class).post(chat, text, null).reply();
    }

    private io.sheetflow.conversation.Message reply(io.sheetflow.conversation.Message reply) {
        return app.bean(MessageRepository.class).findById(reply.id()).orElseThrow();
    }

    /** The conversation's reply messages on the queue, by reply id. */
    private Map<String, Message> queuedReplies(int expected) {
        List<Message> messages = ElasticMq.receive(app.queueUrl, 10);
        assertEquals(expected, messages.size(), messages.toString());
        Map<String, Message> byReply = new java.util.HashMap<>();
        for (Message m : messages) {
            assertTrue(m.body().startsWith("{\"type\":\"assistant_reply\""), m.body());
            byReply.put(m.body().replaceAll(".*\"reply_id\":\"([^\"]+)\".*", "$1"), m);
        }
        return byReply;
    }

    @Test
    void replyMessagesDeliveredOutOfOrder_writeTheConversationsRepliesInOrder_once() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        io.sheetflow.conversation.Message first = post(chat, "take email and name from people.csv");
        io.sheetflow.conversation.Message second = post(chat, "yes");
        Map<String, Message> queued = queuedReplies(2);

        // SQS delivers the second first: the worker writes the conversation's queued replies oldest first.
        Message late = queued.get(second.id().toString());
        Message early = queued.get(first.id().toString());
        assertTrue(invoke(List.of(Map.entry(late.messageId(), late.body()))).getBatchItemFailures().isEmpty());
        assertEquals(MessageState.COMPLETE, reply(first).state());
        assertEquals(MessageState.COMPLETE, reply(second).state());
        assertTrue(reply(second).metadata().contains("run_id"), "the yes saw the suggestion before it: " + reply(second));
        // the first one's own message finds nothing left to write
        assertTrue(invoke(List.of(Map.entry(early.messageId(), early.body()))).getBatchItemFailures().isEmpty());
        List<String> types = app.loggedTypes(chat.id());
        assertEquals(2, types.stream().filter("assistant_started"::equals).count(), types.toString());
        List<String> replyEvents = types.stream().filter(t -> t.startsWith("assistant_started")
                || t.equals("assistant_message")).toList();
        assertEquals(List.of("assistant_started", "assistant_message", "assistant_started", "assistant_message"),
                replyEvents.subList(0, 4), "one reply at a time: " + types);
        Message run = ElasticMq.receive(app.queueUrl, 10).get(0);
        invoke(List.of(Map.entry(run.messageId(), run.body())));
    }

    @Test
    void replyWhileAnotherOfTheConversationIsBeingWritten_isLeftToThatWorker() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        io.sheetflow.conversation.Message first = post(chat, "take email from people.csv");
        io.sheetflow.conversation.Message second = post(chat, "take name from people.csv");
        Map<String, Message> queued = queuedReplies(2);
        // Another execution environment has claimed the first reply and is still writing it.
        assertTrue(app.bean(AssistantReplies.class).claimNext(chat, Instant.now().minus(Duration.ofMinutes(16))).isPresent());

        Message message = queued.get(second.id().toString());
        assertTrue(invoke(List.of(Map.entry(message.messageId(), message.body()))).getBatchItemFailures().isEmpty());

        assertEquals(MessageState.PROCESSING, reply(first).state());
        assertEquals(MessageState.QUEUED, reply(second).state(), "not written beside the first");
    }

    @Test
    void replyWhoseWorkerStopped_endsAsAnError_andTheNextIsWritten() throws Exception {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        io.sheetflow.conversation.Message first = post(chat, "take email from people.csv");
        io.sheetflow.conversation.Message second = post(chat, "take name from people.csv");
        Map<String, Message> queued = queuedReplies(2);
        assertTrue(app.bean(AssistantReplies.class).claimNext(chat, Instant.now()).isPresent());
        // ... by a worker that died longer ago than the reply lease (16 minutes)
        try (Connection c = DriverManager.getConnection(databaseUrl, "sa", "");
             PreparedStatement update = c.prepareStatement("UPDATE message SET claimed_at = ? WHERE id = ?")) {
            update.setObject(1, java.time.OffsetDateTime.now().minusMinutes(20));
            update.setObject(2, first.id());
            assertEquals(1, update.executeUpdate());
        }

        Message message = queued.get(second.id().toString());
        assertTrue(invoke(List.of(Map.entry(message.messageId(), message.body()))).getBatchItemFailures().isEmpty());

        assertEquals(MessageState.ERROR, reply(first).state());
        assertEquals(AssistantWorker.LOST, reply(first).content());
        assertEquals(MessageState.COMPLETE, reply(second).state());
    }

    @Test
    void partialBatchFailure_reportsOnlyTheRecordWhoseRunCouldNotBeClaimed() throws Exception {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun free = submitted(chat);
        Message freeMessage = queued(free.id());
        WorkflowRun locked = submitted(chat);
        Message lockedMessage = queued(locked.id());

        // Another transaction holds the run's row: the claim times out, which is worth a retry.
        SQSBatchResponse response = whileRunRowIsLocked(locked.id(), () -> invoke(List.of(
                Map.entry(freeMessage.messageId(), freeMessage.body()),
                Map.entry("malformed", "{\"run\":1}"),
                Map.entry(lockedMessage.messageId(), lockedMessage.body()))));

        assertEquals(List.of(lockedMessage.messageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(RunStatus.COMPLETED, app.run(free.id()).status());
        assertEquals(RunStatus.QUEUED, app.run(locked.id()).status());

        // SQS delivers the failed record again; now it runs.
        SQSBatchResponse retry = invoke(List.of(Map.entry(lockedMessage.messageId(), lockedMessage.body())));
        assertTrue(retry.getBatchItemFailures().isEmpty());
        assertEquals(RunStatus.COMPLETED, app.run(locked.id()).status());
    }

    @Test
    void transientClaimFailure_messageIsVisibleAgainAfterTheShortRetryDelay_notTheQueuesTimeout() throws Exception {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun locked = submitted(chat);
        // Received as the event source receives it: invisible for the queue's (long) visibility timeout.
        Message received = null;
        try (SqsClient sqs = ElasticMq.client()) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(app.queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(5400)).messages()) {
                if (m.body().contains(locked.id().toString())) {
                    received = m;
                } else { // left over by another test
                    sqs.deleteMessage(b -> b.queueUrl(app.queueUrl).receiptHandle(m.receiptHandle()));
                }
            }
        }
        assertTrue(received != null, "the run's message is queued");
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        Message message = received;
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));

        SQSBatchResponse response = whileRunRowIsLocked(locked.id(),
                () -> worker.handleRequest(event, new TestLambdaContext("WorkerFunction", 900_000)));
        assertEquals(List.of(message.messageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());

        // Default retry delay 5 s: back well before the 90 minutes it was received for.
        List<Message> again = Awaitility.await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(200))
                .until(() -> ElasticMq.receive(app.queueUrl, 1), m -> !m.isEmpty());
        assertEquals(message.messageId(), again.get(0).messageId());
        assertEquals(RunStatus.QUEUED, app.run(locked.id()).status());
    }

    @Test
    void runWhoseWorkerDied_isFailedWhenItsMessageComesBack_notLeftRunning() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun run = submitted(chat);
        Message message = queued(run.id());
        // A worker claimed it and died: its lease ran out long ago.
        Instant claimed = Instant.now().minus(Duration.ofMinutes(100));
        assertEquals(1, app.bean(WorkflowRunRepository.class).claim(run.id(), "dead-worker", claimed,
                claimed.plus(Duration.ofMinutes(16))));

        SQSBatchResponse response = invoke(List.of(Map.entry(message.messageId(), message.body())));

        assertTrue(response.getBatchItemFailures().isEmpty());
        WorkflowRun failed = app.run(run.id());
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals(AbandonedRuns.WORKER_LOST, failed.error());
        assertTrue(app.bean(WorkflowStepRepository.class).findByRunIdOrderByStepIndex(run.id()).stream()
                .allMatch(s -> s.status() == StepStatus.FAILED));
        List<String> types = app.loggedTypes(chat.id());
        assertEquals(EventTypes.WORKFLOW_FAILED, types.get(types.size() - 1));
        assertTrue(!types.contains(EventTypes.WORKFLOW_STARTED), "the run was not executed again: " + types);
    }

    @Test
    void runStillWithinItsLease_isLeftToItsWorker() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun run = submitted(chat);
        Message message = queued(run.id());
        Instant now = Instant.now();
        app.bean(WorkflowRunRepository.class).claim(run.id(), "busy-worker", now, now.plus(Duration.ofMinutes(16)));

        SQSBatchResponse response = invoke(List.of(Map.entry(message.messageId(), message.body())));

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(RunStatus.RUNNING, app.run(run.id()).status());
    }

    @Test
    void housekeeping_failsRunsWhoseLeaseExpiredLongAgo_andNotOthers() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun abandoned = submitted(chat);
        WorkflowRun recent = submitted(chat);
        ElasticMq.receive(app.queueUrl, 10);
        WorkflowRunRepository runs = app.bean(WorkflowRunRepository.class);
        Instant now = Instant.now();
        runs.claim(abandoned.id(), "dead", now.minus(Duration.ofMinutes(60)), now.minus(Duration.ofMinutes(30)));
        runs.claim(recent.id(), "dead-just-now", now.minus(Duration.ofMinutes(17)), now.minus(Duration.ofMinutes(1)));

        app.bean(LambdaHousekeeping.class).sweep(now);

        assertEquals(RunStatus.FAILED, app.run(abandoned.id()).status());
        assertEquals(RunStatus.RUNNING, app.run(recent.id()).status(), "within the grace period: its message decides");
    }

    @Test
    void cancelledQueuedRun_isSkipped() {
        Conversation chat = app.newConversation(LambdaApp.ADMIN);
        app.upload(chat, "people.csv", CSV);
        WorkflowRun run = submitted(chat);
        Message message = queued(run.id());
        app.bean(io.sheetflow.workflow.WorkflowService.class).cancel(chat, run);

        SQSBatchResponse response = invoke(List.of(Map.entry(message.messageId(), message.body())));

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(RunStatus.CANCELLED, app.run(run.id()).status());
        assertTrue(!app.loggedTypes(chat.id()).contains(EventTypes.WORKFLOW_STARTED));
    }

    /** Runs {@code action} while another transaction holds the run's row lock (so a claim of it times out). */
    private <T> T whileRunRowIsLocked(UUID runId, java.util.concurrent.Callable<T> action) throws Exception {
        try (Connection holder = DriverManager.getConnection(databaseUrl, "sa", "")) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM workflow_run WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, runId);
                lock.executeQuery().close();
            }
            try {
                return action.call();
            } finally {
                holder.rollback();
            }
        }
    }
}
