package io.sheetflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.admin.DashboardStream;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.function.Predicate;

import static io.sheetflow.cluster.SharedRunQueueTest.GATE_RUN;
import static io.sheetflow.cluster.SharedRunQueueTest.chatWithInput;
import static io.sheetflow.cluster.SharedRunQueueTest.holdOneRunOnEach;
import static io.sheetflow.cluster.SharedRunQueueTest.status;
import static io.sheetflow.cluster.SharedRunQueueTest.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin dashboard with the shared queue: the queue of every instance, pushed when another instance changes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedQueueDashboardTest {
    private TwoInstances cluster;

    @BeforeAll
    void start() {
        cluster = new TwoInstances(Map.of("sheetflow.runs.max-concurrent", "1", "sheetflow.limits.runs-per-minute", "1000"));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void dashboardOnOneInstance_showsTheSharedQueue_andIsPushedWhenTheOtherInstanceMovesIt() throws Exception {
        ApiClient a = cluster.a.api;
        String chat = chatWithInput(a);
        holdOneRunOnEach(cluster, chat);

        try (TestSocket watcher = cluster.b.socket("/admin/stream")) {
            JsonNode first = watcher.awaitType(DashboardStream.FRAME_TYPE).get("snapshot");
            assertEquals(2, first.at("/queue/running").asInt(), "both instances' running runs: " + first.get("queue"));
            assertEquals(0, first.at("/queue/waiting").asInt(), first.get("queue").toString());
            assertEquals(1, first.at("/queue/max_concurrent").asInt(), "this instance's workers");

            String third = submit(a, chat, GATE_RUN); // both slots are busy: it waits
            watcher.awaitFrame(snapshot(s -> s.at("/queue/waiting").asInt() == 1 && s.at("/queue/running").asInt() == 2));

            // Instance A's run ends and A executes the waiting one: B's dashboard follows without any change on B.
            cluster.a.gate().open();
            await().until(() -> "completed".equals(status(a, chat, third)));
            watcher.awaitFrame(snapshot(s -> s.at("/queue/waiting").asInt() == 0 && s.at("/queue/running").asInt() == 1));
            assertEquals("instance-a", cluster.claimedBy(third));
        } finally {
            cluster.a.gate().open();
            cluster.b.gate().open();
        }
    }

    private static Predicate<JsonNode> snapshot(Predicate<JsonNode> matching) {
        return f -> DashboardStream.FRAME_TYPE.equals(f.path("type").asText()) && matching.test(f.get("snapshot"));
    }
}
