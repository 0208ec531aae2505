package io.sheetflow.cluster;

import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code sheetflow.runs.queue: database}: two instances on one PostgreSQL share one FIFO run queue. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedRunQueueTest {
    static final String GATE_RUN = "{\"steps\":[{\"operation\":\"test/gate\",\"arguments\":{}}],\"input_file\":\"small.csv\"}";
    private TwoInstances cluster;

    @BeforeAll
    void start() {
        cluster = new TwoInstances(Map.of("sheetflow.runs.max-concurrent", "1", "sheetflow.limits.active-runs-per-user", "50",
                "sheetflow.limits.runs-per-minute", "1000"));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    static String chatWithInput(ApiClient api) throws Exception {
        String chat = api.createChat();
        Path dir = Files.createTempDirectory("sheetflow-cluster-");
        assertEquals(200, api.upload(chat, "small.csv", Csv.people(dir, 20)).status());
        return chat;
    }

    static String submit(ApiClient api, String chat, String body) {
        ApiClient.Answer answer = api.post("/api/v1/chat/workflows/" + chat + "/execute", body);
        assertEquals(202, answer.status(), answer.body().toString());
        return answer.data().get("run_id").asText();
    }

    static String status(ApiClient api, String chat, String run) {
        return api.get("/api/v1/chat/workflows/" + chat + "/runs/" + run).data().get("status").asText();
    }

    /**
     * With one slot per instance: closes both gates and submits two gated runs to instance A; returns them once
     * both are running (one on each instance).
     */
    static List<String> holdOneRunOnEach(TwoInstances cluster, String chat) {
        ApiClient a = cluster.a.api;
        cluster.a.gate().close();
        cluster.b.gate().close();
        List<String> held = List.of(submit(a, chat, GATE_RUN), submit(a, chat, GATE_RUN));
        await().until(() -> held.stream().allMatch(run -> "running".equals(status(a, chat, run))));
        return held;
    }

    @Test
    void runsSubmittedToOneInstance_areExecutedByBoth_withGlobalQueuePositions() throws Exception {
        ApiClient a = cluster.a.api;
        String chat = chatWithInput(a);
        List<String> held = holdOneRunOnEach(cluster, chat);
        Set<String> executors = new HashSet<>();
        held.forEach(run -> executors.add(cluster.claimedBy(run)));
        assertEquals(Set.of("instance-a", "instance-b"), executors, "each instance holds one run (one slot each)");

        String third = submit(a, chat, GATE_RUN);
        String fourth = submit(cluster.b.api, chat, GATE_RUN);
        assertEquals(1, cluster.b.api.get("/api/v1/chat/workflows/" + chat + "/runs/" + third).data()
                .get("queue_position").asInt(), "the position is the same whichever instance answers");
        assertEquals(2, a.get("/api/v1/chat/workflows/" + chat + "/runs/" + fourth).data().get("queue_position").asInt());

        cluster.a.gate().open();
        cluster.b.gate().open();
        List<String> all = new ArrayList<>(held);
        all.add(third);
        all.add(fourth);
        await().until(() -> all.stream().allMatch(run -> "completed".equals(status(a, chat, run))));
    }

    @Test
    void cancellingOnTheOtherInstance_stopsTheRunningRun() throws Exception {
        ApiClient a = cluster.a.api;
        String chat = chatWithInput(a);
        cluster.a.gate().close();
        cluster.b.gate().close();
        String run = submit(a, chat, GATE_RUN);
        await().until(() -> "running".equals(status(a, chat, run)));
        TwoInstances.Instance executing = cluster.named(cluster.claimedBy(run));
        ApiClient other = cluster.other(executing).api;
        assertEquals(202, other.post("/api/v1/chat/workflows/" + chat + "/runs/" + run + "/cancel", "{}").status());
        // The gate stays closed: only the cancel can end the run.
        await().until(() -> "cancelled".equals(status(a, chat, run)));
        cluster.a.gate().open();
        cluster.b.gate().open();
    }
}
