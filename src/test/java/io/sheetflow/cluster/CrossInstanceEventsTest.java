package io.sheetflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.event.EventTypes;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sheetflow.cluster.SharedRunQueueTest.chatWithInput;
import static io.sheetflow.cluster.SharedRunQueueTest.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@code sheetflow.events.fanout: database}: every event reaches the sockets of both instances, once and in order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossInstanceEventsTest {
    static final String CSV_RUN = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\",\"arguments\":{}}],\"input_file\":\"small.csv\"}";
    private TwoInstances cluster;

    @BeforeAll
    void start() {
        cluster = new TwoInstances(Map.of("sheetflow.limits.runs-per-minute", "1000"));
        cluster.a.gate().open();
        cluster.b.gate().open();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    /** The conversation's log as the API answers it: seq to the event's JSON. */
    static List<JsonNode> log(ApiClient api, String chat, long since) {
        List<JsonNode> events = new ArrayList<>();
        api.get("/api/v1/chat/workflows/" + chat + "/events?since=" + since + "&limit=1000").data().get("events")
                .forEach(events::add);
        return events;
    }

    static JsonNode awaitEnd(TestSocket socket, String run) {
        return socket.awaitFrame(f -> EventTypes.WORKFLOW_COMPLETED.equals(f.path("type").asText())
                && run.equals(f.path("run_id").asText()));
    }

    static long lastSeq(TestSocket socket) {
        return socket.logged().stream().mapToLong(f -> f.get("seq").asLong()).max().orElse(0);
    }

    @Test
    void aClientOnTheOtherInstance_receivesEveryEventOfTheRun_inOrderExactlyOnce() throws Exception {
        ApiClient a = cluster.a.api;
        String chat = chatWithInput(a);
        try (TestSocket onA = cluster.a.socket("/chat/" + chat); TestSocket onB = cluster.b.socket("/chat/" + chat)) {
            onA.awaitType("connected");
            onB.awaitType("connected");
            long before = lastSeqOfLog(a, chat);
            String run = submit(a, chat, CSV_RUN);
            awaitEnd(onA, run);
            awaitEnd(onB, run);
            TwoInstances.Instance executed = cluster.named(cluster.claimedBy(run));
            assertNotNull(executed);
            TestSocket elsewhere = executed == cluster.a ? onA : onB;
            TestSocket local = executed == cluster.a ? onB : onA;
            List<JsonNode> expected = log(a, chat, before);
            assertEquals(expected, elsewhere.logged(), "the client on the instance that did not execute the run");
            assertEquals(expected, local.logged(), "the client on the instance that executed it");
        }
    }

    @Test
    void aClientReconnectingToTheOtherInstanceWithItsLastSeq_missesNothingAndSeesNothingTwice() throws Exception {
        ApiClient a = cluster.a.api;
        String chat = chatWithInput(a);
        long lastSeen;
        try (TestSocket onA = cluster.a.socket("/chat/" + chat)) {
            onA.awaitType("connected");
            awaitEnd(onA, submit(a, chat, CSV_RUN));
            lastSeen = lastSeq(onA);
        }
        String whileAway = submit(cluster.b.api, chat, CSV_RUN);
        await().until(() -> "completed".equals(SharedRunQueueTest.status(a, chat, whileAway)));
        try (TestSocket onB = cluster.b.socket("/chat/" + chat + "?since=" + lastSeen)) {
            String afterReconnect = submit(a, chat, CSV_RUN);
            awaitEnd(onB, afterReconnect);
            assertEquals(log(a, chat, lastSeen), onB.logged(), "replayed, then live: every event after its seq once");
        }
    }

    @Test
    void theUserWideStreamOnOneInstance_getsTheRunStatusOfRunsSubmittedToTheOther_once() throws Exception {
        ApiClient a = cluster.a.api;
        String chat = chatWithInput(a);
        try (TestSocket events = cluster.b.socket("/events")) {
            events.awaitType("connected");
            String run = submit(a, chat, CSV_RUN);
            awaitEnd(events, run);
            List<String> types = events.logged().stream().filter(f -> run.equals(f.path("run_id").asText()))
                    .map(f -> f.get("type").asText()).toList();
            assertEquals(List.of(EventTypes.WORKFLOW_QUEUED, EventTypes.WORKFLOW_STARTED, EventTypes.WORKFLOW_COMPLETED), types);
        }
    }

    private static long lastSeqOfLog(ApiClient api, String chat) {
        List<JsonNode> all = log(api, chat, 0);
        return all.isEmpty() ? 0 : all.get(all.size() - 1).get("seq").asLong();
    }
}
