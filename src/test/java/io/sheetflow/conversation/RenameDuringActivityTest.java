package io.sheetflow.conversation;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.event.EventService;
import io.sheetflow.support.ApiClient.Answer;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rename works on the row as it is at commit time: events and messages appended by a run between the
 * request's read of the conversation and its write must survive (they once went backwards, and the next
 * event then collided with an existing seq).
 */
@MicronautTest(transactional = false)
class RenameDuringActivityTest extends ServerTest {
    @Inject
    ConversationService service;
    @Inject
    ConversationRepository conversations;
    @Inject
    EventService events;
    @Inject
    MessageLog messages;

    @Test
    void renameWithAStaleRow_keepsEventSeqAndCountersMovedMeanwhile() {
        String chat = api().createChat();
        UUID id = UUID.fromString(chat);
        Conversation readAtRequestStart = conversations.findById(id).orElseThrow();

        events.publish(id, readAtRequestStart.owner(), null, "progress", Map.of("message", "meanwhile"));
        events.publish(id, readAtRequestStart.owner(), null, "progress", Map.of("message", "meanwhile"));
        messages.append(id, MessageType.SYSTEM, "meanwhile", Map.of());
        Conversation moved = conversations.findById(id).orElseThrow();

        Conversation renamed = service.rename(readAtRequestStart, "Quarterly figures");

        assertEquals("Quarterly figures", renamed.title());
        assertEquals(moved.lastEventSeq(), renamed.lastEventSeq());
        assertEquals(moved.messageCount(), renamed.messageCount());
        assertEquals(readAtRequestStart.lastEventSeq() + 2, renamed.lastEventSeq());
    }

    @Test
    void afterRenamesWithStaleRows_theConversationStillRunsWorkflows() {
        String chat = api().createChat();
        UUID id = UUID.fromString(chat);
        Conversation stale = conversations.findById(id).orElseThrow();
        events.publish(id, stale.owner(), null, "progress", Map.of("message", "meanwhile"));
        service.rename(stale, "one");
        service.rename(stale, "two");

        Answer upload = api().upload(chat, "a.csv", "a,b\n1,2\n".getBytes());
        assertEquals(true, upload.status() == 200 || upload.status() == 201, upload.body().toString());
        Answer run = api().post("/api/v1/chat/workflows/" + chat + "/execute?wait=60",
                "{\"steps\":[{\"operation\":\"csv/info\"}]}");
        assertEquals(200, run.status(), run.body().toString());
        assertEquals("completed", run.data().get("status").asText());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/v1/chat/workflows/" + chat + "/events?since=0").data().get("events").size() >= 4);
    }
}
