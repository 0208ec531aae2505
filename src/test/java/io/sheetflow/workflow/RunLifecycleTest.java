package io.sheetflow.workflow;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.EventService;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run lifecycle's guarantees: whole transitions, one end per run, events in the order of the transitions. */
@MicronautTest(transactional = false)
class RunLifecycleTest extends ServerTest {
    @Inject
    RunLifecycle lifecycle;
    @Inject
    WorkflowRunRepository runs;
    @Inject
    ConversationRepository conversations;
    @Inject
    StoredFileRepository files;
    @Inject
    EventService events;
    @Inject
    EventLog log;
    @Inject
    MessageLog messages;
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    StubbornOutputOperation stubborn;
    @Inject
    RunQueue queue;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("sheetflow.test.stubborn-output", "true");
    }

    /** Jackson cannot serialise it, so an event carrying it cannot be stored. */
    static final class Unserialisable {
    }

    @Test
    void aChangeWhoseEventCannotBeStored_isRolledBackWhole() {
        UUID chat = UUID.fromString(api().createChat());
        long messagesBefore = conversations.findById(chat).orElseThrow().messageCount();

        assertThrows(RuntimeException.class, () -> transactions.executeWrite(status -> {
            messages.append(chat, MessageType.SYSTEM, "half of a transition", Map.of());
            return events.append(chat, "local", null, "progress", Map.of("oops", new Unserialisable()));
        }));

        Conversation after = conversations.findById(chat).orElseThrow();
        assertEquals(messagesBefore, after.messageCount(), "the history line was rolled back with the event");
        assertEquals(0, after.lastEventSeq());
        assertEquals(0, log.since(chat, 0, 10).size());
        assertEquals(1, events.publish(chat, "local", null, "progress", Map.of("n", 1)).seq(),
                "the conversation stays usable, its seq unmoved by the failed change");
    }

    @Test
    void cancelRacingCompletion_endsTheRunOnce_withOneTerminalEventAndOneHistoryLine() throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            Conversation conversation = newConversationWithFile();
            StoredFile input = files.findLatestUpload(conversation.id()).orElseThrow();
            WorkflowRun queued = lifecycle.queued(conversation, input,
                    List.of(new ExecuteRequest.StepRequest("csv/info", null)), List.of("{}"));
            Instant now = Instant.now();
            assertEquals(1, runs.claim(queued.id(), "test", now, now.plusSeconds(60)));
            WorkflowRun running = runs.findById(queued.id()).orElseThrow();
            long messagesBefore = conversations.findById(conversation.id()).orElseThrow().messageCount();

            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Boolean> completed = CompletableFuture.supplyAsync(() -> {
                awaitQuietly(together);
                return lifecycle.completed(running, conversation, 1, List.of());
            });
            CompletableFuture<Boolean> cancelled = CompletableFuture.supplyAsync(() -> {
                awaitQuietly(together);
                return lifecycle.cancelled(running, conversation, 0);
            });

            assertNotEquals(completed.get(30, TimeUnit.SECONDS), cancelled.get(30, TimeUnit.SECONDS),
                    "exactly one of the two ends the run");
            List<String> ends = log.since(conversation.id(), 0, 100).stream().map(StoredEvent::type)
                    .filter(t -> t.equals("workflow_completed") || t.equals("workflow_cancelled")).toList();
            assertEquals(1, ends.size(), "one terminal event: " + ends);
            RunStatus status = runs.findById(running.id()).orElseThrow().status();
            assertEquals(ends.get(0).equals("workflow_completed") ? RunStatus.COMPLETED : RunStatus.CANCELLED, status);
            assertEquals(messagesBefore + 1, conversations.findById(conversation.id()).orElseThrow().messageCount());
        }
    }

    @Test
    void everyRunsEvents_beginWithWorkflowQueued_andEndWithOneTerminalEvent() {
        String chat = api().createChat();
        api().upload(chat, "people.csv", "name,age\nann,30\nbob,41\n".getBytes(StandardCharsets.UTF_8));
        String url = "/api/v1/chat/workflows/" + chat + "/execute";
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // at most 4 active runs per user
            runIds.add(api().post(url, WorkflowRunTest.steps(WorkflowRunTest.CONVERT)).data().get("run_id").asText());
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> runIds.stream().allMatch(id ->
                api().get("/api/v1/chat/workflows/" + chat + "/runs/" + id).data().get("status").asText().equals("completed")));

        Map<String, List<String>> byRun = new HashMap<>();
        long previousSeq = 0;
        for (StoredEvent event : log.since(UUID.fromString(chat), 0, 1000)) {
            assertEquals(previousSeq + 1, event.seq(), "no gap and no duplicate");
            previousSeq = event.seq();
            byRun.computeIfAbsent(String.valueOf(event.runId()), k -> new ArrayList<>()).add(event.type());
        }
        for (String id : runIds) {
            List<String> types = byRun.get(id);
            assertEquals("workflow_queued", types.get(0), id + ": " + types);
            assertEquals("workflow_started", types.get(1), id + ": " + types);
            assertEquals("workflow_completed", types.get(types.size() - 1), id + ": " + types);
        }
    }

    @Test
    void deletingAConversationDuringARunningStep_leavesNoObjectBehind() throws Exception {
        String chat = api().createChat();
        api().upload(chat, "people.csv", "name,age\nann,30\n".getBytes(StandardCharsets.UTF_8));
        String run = api().post("/api/v1/chat/workflows/" + chat + "/execute",
                "{\"steps\":[{\"operation\":\"test/stubborn-output\",\"arguments\":{}}]}").data().get("run_id").asText();
        assertTrue(stubborn.running.await(60, TimeUnit.SECONDS), "the step is running");

        // The step ignores the cancellation, so the delete goes ahead while it still holds its output.
        assertEquals(200, api().delete("/api/v1/chat/workflows/" + chat).status());
        stubborn.release.countDown();

        await().atMost(Duration.ofMinutes(1)).until(() -> queue.stats().running() == 0);
        assertTrue(runs.findById(UUID.fromString(run)).isEmpty());
        assertEquals(0, files.findByConversationIdOrderByCreatedAt(UUID.fromString(chat)).size());
        assertEquals(0, objectsOf(chat), "no object without its conversation");
    }

    private Conversation newConversationWithFile() {
        String chat = api().createChat();
        api().upload(chat, "people.csv", "name,age\nann,30\n".getBytes(StandardCharsets.UTF_8));
        return conversations.findById(UUID.fromString(chat)).orElseThrow();
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long objectsOf(String chat) throws java.io.IOException {
        if (!java.nio.file.Files.exists(objectsDir())) {
            return 0;
        }
        try (var walk = java.nio.file.Files.walk(objectsDir())) {
            return walk.filter(java.nio.file.Files::isRegularFile).filter(p -> p.toString().contains(chat)).count();
        }
    }
}
