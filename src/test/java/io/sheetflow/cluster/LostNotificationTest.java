package io.sheetflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.event.EventLog;
import io.sheetflow.event.EventService;
import io.sheetflow.support.TestSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.sheetflow.cluster.CrossInstanceEventsTest.log;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code sheetflow.events.fanout: database} when a notification never comes: an event appended on instance A
 * straight into the log ({@link EventLog#append}: committed, but neither delivered by A's relay nor announced) still
 * reaches a client on instance B, by B's poll of the log, in order and once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LostNotificationTest {
    private TwoInstances cluster;

    @BeforeAll
    void start() {
        cluster = new TwoInstances(Map.of("sheetflow.events.fanout-poll-interval", "200ms"));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void eventsWhoseNotificationNeverCame_reachTheOtherInstancesClient_byThePoll_inOrderOnce() {
        String chat = cluster.a.api.createChat();
        UUID chatId = UUID.fromString(chat);
        EventLog unannounced = cluster.a.context.getBean(EventLog.class);
        EventService announced = cluster.a.context.getBean(EventService.class);
        try (TestSocket onB = cluster.b.socket("/chat/" + chat + "?since=0")) {
            onB.awaitType("connected");
            // No event of this chat was announced since the client came: only the poll can find this one.
            unannounced.append(chatId, null, "progress", Map.of("message", "lost 1"));
            awaitMessage(onB, "lost 1");
            announced.publish(chatId, "local", null, "progress", Map.of("message", "announced"));
            awaitMessage(onB, "announced");
            // Now the chat has a cursor on B: the poll compares it with the log.
            unannounced.append(chatId, null, "progress", Map.of("message", "lost 2"));
            awaitMessage(onB, "lost 2");
            announced.publish(chatId, "local", null, "progress", Map.of("message", "last"));
            awaitMessage(onB, "last");

            List<JsonNode> expected = log(cluster.a.api, chat, 0);
            assertEquals(expected, onB.logged(), "every logged event once, in seq order");
        }
    }

    private static void awaitMessage(TestSocket socket, String message) {
        socket.awaitFrame(f -> "progress".equals(f.path("type").asText()) && message.equals(f.path("message").asText()));
    }
}
