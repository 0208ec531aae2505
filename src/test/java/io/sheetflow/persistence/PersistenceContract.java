package io.sheetflow.persistence;

import io.sheetflow.aws.WebSocketConnection;
import io.sheetflow.aws.WebSocketConnectionRepository;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageLog;
import io.sheetflow.conversation.MessageRepository;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.StoredEvent;
import io.sheetflow.file.FileKind;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.recipe.SavedRecipe;
import io.sheetflow.recipe.SavedRecipeRepository;
import io.sheetflow.support.ServerTest;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.StepStatus;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowRunRepository;
import io.sheetflow.workflow.WorkflowStep;
import io.sheetflow.workflow.WorkflowStepRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repository and log behaviour that must hold on every supported database. */
abstract class PersistenceContract extends ServerTest {
    @Inject
    ConversationRepository conversations;
    @Inject
    MessageRepository messages;
    @Inject
    MessageLog messageLog;
    @Inject
    StoredFileRepository files;
    @Inject
    WorkflowRunRepository runs;
    @Inject
    WorkflowStepRepository steps;
    @Inject
    EventLog events;
    @Inject
    WebSocketConnectionRepository connections;
    @Inject
    SavedRecipeRepository recipes;

    Conversation newConversation(String owner, Instant updated) {
        return conversations.save(new Conversation(UUID.randomUUID(), owner, "Orion-1234", null,
                ConversationStatus.CREATED, null, 0, 0, null, 0, updated, updated));
    }

    @Test
    void eventLog_concurrentAppends_getGapFreeIncreasingSeq() throws Exception {
        Conversation c = newConversation("alice", Instant.now());
        int threads = 6;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit((Callable<List<Long>>) () -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        seqs.add(events.append(c.id(), null, "progress", Map.of("i", i)).seq());
                    }
                    return seqs;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (var f : futures) {
                all.addAll(f.get());
            }
            Collections.sort(all);
            assertEquals(LongStream.rangeClosed(1, threads * perThread).boxed().toList(), all);
        } finally {
            pool.shutdownNow();
        }
        List<StoredEvent> stored = events.since(c.id(), 100, 1000);
        assertEquals(threads * perThread - 100, stored.size());
        assertEquals(101, stored.get(0).seq());
        assertTrue(stored.get(0).json().contains("\"seq\":101"));
        assertEquals(threads * perThread, events.latestSeq(c.id()));
    }

    @Test
    void messageLog_numbersMessagesAndKeepsPreviewAndCount() {
        Conversation c = newConversation("alice", Instant.now());
        messageLog.append(c.id(), MessageType.USER, "first", Map.of());
        messageLog.append(c.id(), MessageType.SYSTEM, "second\nline", Map.of("k", 1));
        Conversation reloaded = conversations.findById(c.id()).orElseThrow();
        assertEquals(2, reloaded.messageCount());
        assertEquals("second line", reloaded.preview());
        var page = messages.pageBefore(c.id(), Long.MAX_VALUE, 10);
        assertEquals(List.of(2L, 1L), page.stream().map(m -> m.number()).toList());
        assertEquals("{\"k\":1}", page.get(0).metadata());
    }

    @Test
    void conversations_areListedPerOwnerNewestActivityFirst() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = "owner-" + UUID.randomUUID();
        Conversation old = newConversation(owner, now.minusSeconds(60));
        Conversation recent = newConversation(owner, now);
        newConversation("someone-else", now.plusSeconds(10));
        List<Conversation> listed = conversations.listByOwner(owner, 10, 0);
        assertEquals(List.of(recent.id(), old.id()), listed.stream().map(Conversation::id).toList());
        assertEquals(2, conversations.countByOwner(owner));
        assertTrue(conversations.findByIdAndOwner(old.id(), owner).isPresent());
        assertFalse(conversations.findByIdAndOwner(old.id(), "someone-else").isPresent());
        assertEquals(1, conversations.listByOwner(owner, 1, 1).size());
        assertEquals(2, conversations.countByOwnerAndStatus(owner, ConversationStatus.CREATED));
        assertEquals(2, conversations.listByOwnerAndStatus(owner, "CREATED", 10, 0).size());
    }

    @Test
    void files_latestByNameAndLatestUpload() {
        Conversation c = newConversation("alice", Instant.now());
        Instant t = Instant.now();
        StoredFile first = files.save(file(c, "data.csv", FileKind.UPLOADED, t.minusSeconds(5)));
        StoredFile second = files.save(file(c, "data.csv", FileKind.UPLOADED, t));
        files.save(file(c, "out.xlsx", FileKind.OUTPUT, t.plusSeconds(5)));
        assertEquals(second.id(), files.findLatestByName(c.id(), "data.csv").orElseThrow().id());
        assertEquals(second.id(), files.findLatestUpload(c.id()).orElseThrow().id());
        assertTrue(files.existsByConversationIdAndDisplayName(c.id(), "out.xlsx"));
        assertEquals(2, files.findByIdIn(List.of(first.id(), second.id())).size());
    }

    @Test
    void runClaim_isWonByExactlyOneCaller() throws Exception {
        Conversation c = newConversation("alice", Instant.now());
        WorkflowRun run = runs.save(new WorkflowRun(UUID.randomUUID(), c.id(), "alice", RunStatus.QUEUED, null, "[]",
                false, null, Instant.now(), null, null));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> claims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String worker = "worker-" + i;
                claims.add(pool.submit(() -> runs.claim(run.id(), worker, Instant.now(), Instant.now().plusSeconds(60))));
            }
            int won = 0;
            for (var claim : claims) {
                won += claim.get();
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(RunStatus.RUNNING, runs.findById(run.id()).orElseThrow().status());
    }

    @Test
    void runLease_onlyAnExpiredLeaseLetsTheRunBeFailed() {
        Conversation c = newConversation("alice", Instant.now());
        Instant now = Instant.now();
        WorkflowRun live = runs.save(new WorkflowRun(UUID.randomUUID(), c.id(), "alice", RunStatus.QUEUED, null, "[]",
                false, null, now, null, null));
        WorkflowRun dead = runs.save(new WorkflowRun(UUID.randomUUID(), c.id(), "alice", RunStatus.QUEUED, null, "[]",
                false, null, now, null, null));
        assertEquals(1, runs.claim(live.id(), "w1", now, now.plusSeconds(600)));
        assertEquals(1, runs.claim(dead.id(), "w2", now.minusSeconds(1200), now.minusSeconds(600)));

        assertEquals(List.of(dead.id()), runs.findLeaseExpired(now, 10).stream()
                .filter(r -> r.conversationId().equals(c.id())).map(WorkflowRun::id).toList());
        assertEquals(0, runs.failIfLeaseExpired(live.id(), "gone", now, now));
        assertEquals(1, runs.failIfLeaseExpired(dead.id(), "gone", now, now));
        assertEquals(0, runs.failIfLeaseExpired(dead.id(), "gone", now, now));
        assertEquals(RunStatus.FAILED, runs.findById(dead.id()).orElseThrow().status());
        assertEquals(RunStatus.RUNNING, runs.findById(live.id()).orElseThrow().status());
    }

    @Test
    void queuePosition_countsQueuedRunsOldestFirst() {
        Conversation c = newConversation("queue-" + UUID.randomUUID(), Instant.now());
        Instant t = Instant.now().plusSeconds(3600);
        WorkflowRun first = runs.save(new WorkflowRun(UUID.randomUUID(), c.id(), c.owner(), RunStatus.QUEUED, null, "[]",
                false, null, t, null, null));
        WorkflowRun second = runs.save(new WorkflowRun(UUID.randomUUID(), c.id(), c.owner(), RunStatus.QUEUED, null, "[]",
                false, null, t.plusSeconds(1), null, null));
        long before = runs.queuePosition(first.id());
        assertEquals(before + 1, runs.queuePosition(second.id()));
        runs.claim(first.id(), "w", Instant.now(), Instant.now().plusSeconds(60));
        assertEquals(0, runs.queuePosition(first.id()));
        assertEquals(before, runs.queuePosition(second.id()));
    }

    @Test
    void webSocketConnections_followAConversation_holdLiveEventsDuringReplays_andStaleOnesAreDeleted() {
        Conversation c = newConversation("alice", Instant.now());
        Conversation other = newConversation("alice", Instant.now());
        Instant now = Instant.now();
        String user = "user-" + UUID.randomUUID();
        connections.save(new WebSocketConnection("a=", c.id(), user, false, now.minusSeconds(10), now));
        connections.save(new WebSocketConnection("b=", c.id(), user, false, now.minusSeconds(5), now));
        connections.save(new WebSocketConnection("old=", c.id(), user, false, now.minusSeconds(3 * 3600), now));
        assertEquals(List.of("old=", "a=", "b="), connections.findLiveConnectionIdsOf(c.id(), now));
        assertEquals(3, connections.countByUserId(user));

        connections.holdLiveUntil("a=", now.plusSeconds(30));
        assertEquals(List.of("old=", "b="), connections.findLiveConnectionIdsOf(c.id(), now));
        connections.holdLiveUntil("a=", null);
        assertEquals(1, connections.follow("b=", other.id(), now));
        assertEquals(List.of("old=", "a="), connections.findLiveConnectionIdsOf(c.id(), now));
        assertEquals(1, connections.touch("a=", now.plusSeconds(1)));

        assertEquals(1, connections.deleteConnectedBefore(now.minusSeconds(2 * 3600)));
        assertEquals(List.of("a="), connections.findLiveConnectionIdsOf(c.id(), now));
        conversations.deleteById(other.id());
        assertFalse(connections.existsById("b="), "a deleted conversation takes its connection rows along");
    }

    @Test
    void deletingAConversation_cascadesToEverythingOfIt() {
        Conversation c = newConversation("alice", Instant.now());
        messageLog.append(c.id(), MessageType.USER, "hello", Map.of());
        StoredFile f = files.save(file(c, "a.csv", FileKind.UPLOADED, Instant.now()));
        WorkflowRun run = runs.save(new WorkflowRun(UUID.randomUUID(), c.id(), "alice", RunStatus.COMPLETED, f.id(), "[]",
                false, null, Instant.now(), null, null));
        WorkflowStep step = steps.save(new WorkflowStep(UUID.randomUUID(), run.id(), 0, "excel/info", "{}",
                StepStatus.COMPLETED, 100, 1L, 1L, f.id(), null, "{}", null, null, null));
        events.append(c.id(), run.id(), "workflow_completed", Map.of());

        conversations.deleteById(c.id());
        assertFalse(files.findById(f.id()).isPresent());
        assertFalse(runs.findById(run.id()).isPresent());
        assertFalse(steps.findById(step.id()).isPresent());
        assertTrue(messages.pageBefore(c.id(), Long.MAX_VALUE, 10).isEmpty());
        assertTrue(events.since(c.id(), 0, 10).isEmpty());
    }

    @Test
    void savedRecipes_areFoundAndDeletedOnlyByTheirOwner() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SavedRecipe first = recipes.save(new SavedRecipe(UUID.randomUUID(), "rita", "first", "{\"sheetflow_recipe\": 1}", now));
        SavedRecipe second = recipes.save(new SavedRecipe(UUID.randomUUID(), "rita", "second", "{}", now.plusSeconds(1)));
        recipes.save(new SavedRecipe(UUID.randomUUID(), "sam", "his", "{}", now));

        assertEquals(List.of("first", "second"), recipes.findByOwnerOrderByCreatedAt("rita").stream()
                .map(SavedRecipe::name).toList());
        assertEquals("{\"sheetflow_recipe\": 1}", recipes.findByIdAndOwner(first.id(), "rita").orElseThrow().document());
        assertFalse(recipes.findByIdAndOwner(first.id(), "sam").isPresent());
        assertEquals(0, recipes.deleteByIdAndOwner(second.id(), "sam"));
        assertEquals(1, recipes.deleteByIdAndOwner(second.id(), "rita"));
        assertEquals(1, recipes.countByOwner("rita"));
    }

    private static StoredFile file(Conversation c, String name, FileKind kind, Instant created) {
        UUID id = UUID.randomUUID();
        return new StoredFile(id, c.id(), c.owner(), kind, name, "chats/" + c.id() + "/" + id, "text/csv", 10,
                "0".repeat(64), null, created);
    }
}
