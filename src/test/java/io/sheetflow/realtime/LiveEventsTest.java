package io.sheetflow.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.Csv;
import io.sheetflow.support.ServerTest;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest
class LiveEventsTest extends ServerTest {
    private static final String CONVERT = "{\"steps\":[{\"operation\":\"csv/convert-to-excel\"}]}";

    private String chatWith(int rows) {
        String chat = api().createChat();
        assertEquals(200, api().upload(chat, "people.csv", Csv.people(dataDir, rows)).status());
        return chat;
    }

    private static boolean isEnd(JsonNode f) {
        return f.path("type").asText().matches("workflow_completed|workflow_failed|workflow_cancelled");
    }

    @Test
    void clientConnectedBeforeExecute_seesTheWholeRunInOrder_andALateClientSeesTheSame() {
        String chat = chatWith(50_000);
        List<JsonNode> live;
        try (TestSocket socket = socket("/chat/" + chat)) {
            socket.awaitType("connected");
            assertEquals(202, api().post("/api/v1/chat/workflows/" + chat + "/execute", CONVERT).status());
            socket.awaitFrame(LiveEventsTest::isEnd);
            live = socket.logged();
        }
        List<String> types = live.stream().map(f -> f.get("type").asText()).toList();
        assertEquals("workflow_queued", types.get(0));
        assertEquals("workflow_started", types.get(1));
        assertEquals("step_result", types.get(types.size() - 2));
        assertEquals("workflow_completed", types.get(types.size() - 1));

        List<Integer> percentages = new ArrayList<>();
        live.stream().filter(f -> f.get("type").asText().equals("progress") && f.get("status").asText().equals("running"))
                .forEach(f -> percentages.add(f.get("progress").asInt()));
        assertTrue(percentages.size() >= 5, "several progress events: " + percentages);
        for (int i = 1; i < percentages.size(); i++) {
            assertTrue(percentages.get(i) >= percentages.get(i - 1), "progress never goes back: " + percentages);
        }
        assertTrue(percentages.get(percentages.size() - 1) > percentages.get(1), percentages.toString());
        JsonNode someProgress = live.stream().filter(f -> f.get("type").asText().equals("progress")
                && f.get("progress").asInt() > 0 && f.get("status").asText().equals("running")).findFirst().orElseThrow();
        long estimate = someProgress.get("rows_total").asLong();
        assertTrue(estimate > 40_000 && estimate < 60_000, "CSV totals are estimated from bytes: " + estimate);
        JsonNode done = live.stream().filter(f -> f.get("type").asText().equals("progress")
                && f.get("status").asText().equals("completed")).findFirst().orElseThrow();
        assertEquals(50_000, done.get("rows_done").asLong());
        assertEquals(50_000, done.get("rows_total").asLong(), "the final event reports the exact count");
        assertTrue(someProgress.get("rows_done").asLong() > 0);

        for (int i = 1; i < live.size(); i++) {
            assertEquals(live.get(i - 1).get("seq").asLong() + 1, live.get(i).get("seq").asLong(), "no gap in seq");
        }
        JsonNode stepResult = live.get(live.size() - 2);
        String url = stepResult.get("output_files").get(0).get("download_url").asText();
        var download = api().download(url);
        assertEquals(200, download.statusCode());
        assertTrue(download.body().length > 1000);
        assertEquals(stepResult.get("output_files").get(0).get("size").asLong(), download.body().length);

        try (TestSocket late = socket("/chat/" + chat + "?since=0")) {
            late.awaitFrame(LiveEventsTest::isEnd);
            assertEquals(live, late.logged(), "a client connecting afterwards with since=0 receives exactly the same events");
        }
        JsonNode rest = api().get("/api/v1/chat/workflows/" + chat + "/events?since=0").data();
        List<JsonNode> restEvents = new ArrayList<>();
        rest.get("events").forEach(restEvents::add);
        assertEquals(live, restEvents, "the REST fallback serves the same log");
    }

    @Test
    void clientThatReconnectsWithItsLastSeq_missesNothingAndSeesNothingTwice() {
        String chat = chatWith(120_000);
        List<JsonNode> received = new ArrayList<>();
        long lastSeq;
        try (TestSocket first = socket("/chat/" + chat)) {
            first.awaitType("connected");
            api().post("/api/v1/chat/workflows/" + chat + "/execute", CONVERT);
            first.awaitFrame(f -> f.path("type").asText().equals("progress") && f.path("progress").asInt() >= 10);
            received.addAll(first.logged());
            lastSeq = received.get(received.size() - 1).get("seq").asLong();
        }
        // events keep being published while this client is away
        try (TestSocket second = socket("/chat/" + chat + "?since=" + lastSeq)) {
            assertEquals(lastSeq, second.awaitType("connected").get("replay_from").asLong());
            second.awaitFrame(LiveEventsTest::isEnd);
            received.addAll(second.logged());
        }
        JsonNode log = api().get("/api/v1/chat/workflows/" + chat + "/events?since=0&limit=5000").data().get("events");
        List<Long> expected = new ArrayList<>();
        log.forEach(e -> expected.add(e.get("seq").asLong()));
        assertEquals(expected, received.stream().map(f -> f.get("seq").asLong()).toList());
    }

    @Test
    void resumeMessage_replaysFromTheGivenSeq() {
        String chat = chatWith(100);
        api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60", CONVERT);
        try (TestSocket socket = socket("/chat/" + chat)) {
            long latest = socket.awaitType("connected").get("seq").asLong();
            socket.send("{\"type\":\"resume\",\"since\":" + (latest - 2) + "}");
            await().until(() -> socket.logged().size() == 2);
            assertEquals(List.of(latest - 1, latest), socket.logged().stream().map(f -> f.get("seq").asLong()).toList());
        }
    }

    @Test
    void userStream_deliversRunStatusChangesOfAllTheCallersConversations() {
        String a = chatWith(100);
        String b = chatWith(100);
        try (TestSocket stream = socket("/events")) {
            stream.awaitType("connected");
            api().post("/api/v1/chat/workflows/" + a + "/execute?wait=60", CONVERT);
            api().post("/api/v1/chat/workflows/" + b + "/execute?wait=60", CONVERT);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.frames("workflow_completed").size() == 2);
            assertEquals(List.of(a, b), stream.frames("workflow_completed").stream().map(f -> f.get("chat_id").asText()).toList());
            assertTrue(stream.frames("progress").isEmpty(), "only status changes go to the user stream");
            assertEquals(2, stream.frames("workflow_queued").size());
        }
    }
}
