package io.sheetflow.assistant.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.Csv;
import io.sheetflow.support.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.sheetflow.assistant.chat.AssistantContract.REQUEST;
import static io.sheetflow.assistant.chat.AssistantContract.awaitRunEnd;
import static io.sheetflow.assistant.chat.AssistantContract.path;
import static io.sheetflow.assistant.chat.AssistantContract.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the assistant stores survives a restart: two application contexts, one after the other, on the same data. */
class AssistantRestartTest {
    private static final String TOKEN = "sft_test_" + UUID.randomUUID();

    private static ApplicationContext start(Path dataDir, Map<String, String> database) {
        Map<String, Object> properties = new HashMap<>(Map.of("sheetflow.data-dir", dataDir.toString(),
                "micronaut.server.port", -1, "sheetflow.auth.token", TOKEN));
        properties.putAll(database);
        ApplicationContext context = ApplicationContext.run(properties, "test");
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    private static ApiClient api(ApplicationContext context) {
        return new ApiClient(context.getBean(EmbeddedServer.class).getURI(), TOKEN);
    }

    @Test
    void aSuggestionMadeBeforeARestart_isConfirmedAfterIt_andRunsExactlyTheSuggestedSteps_onH2(@TempDir Path dir) {
        suggestThenRestartThenConfirm(dir, Map.of());
    }

    @Test
    void aSuggestionMadeBeforeARestart_isConfirmedAfterIt_andRunsExactlyTheSuggestedSteps_onPostgres(@TempDir Path dir) {
        suggestThenRestartThenConfirm(dir, EmbeddedPostgres.newDatabaseProperties());
    }

    private static void suggestThenRestartThenConfirm(Path dir, Map<String, String> database) {
        String chat;
        JsonNode suggested;
        try (ApplicationContext first = start(dir, database)) {
            ApiClient api = api(first);
            chat = api.createChat();
            assertEquals(200, api.upload(chat, "people.csv", Csv.people(dir, 10)).status());
            suggested = reply(api, chat, REQUEST).get("suggestion");
            assertTrue(suggested.isObject());
        }
        try (ApplicationContext second = start(dir, database)) {
            ApiClient api = api(second);
            JsonNode confirmed = reply(api, chat, "run it");
            JsonNode run = awaitRunEnd(api, chat, confirmed.get("run_id").asText());
            assertEquals("completed", run.get("status").asText(), run.toString());
            assertEquals(suggested.get("input_file_id").asText(), run.get("input_file_id").asText());
            JsonNode steps = run.get("steps");
            assertEquals(suggested.get("steps").size(), steps.size());
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(suggested.get("steps").get(i).get("operation").asText(), steps.get(i).get("operation").asText());
                assertEquals(suggested.get("steps").get(i).get("arguments"), steps.get(i).get("arguments"));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                    AssistantContract.events(api, chat, "assistant_message").stream()
                            .anyMatch(e -> e.get("run_id").asText().equals(run.get("run_id").asText())
                                    && e.get("text").asText().startsWith("Done")));
        }
    }

    @Test
    void aReplyStillQueuedAtAStop_endsWithAnErrorAtTheNextStart(@TempDir Path dir) {
        String chat;
        String replyId;
        try (ApplicationContext first = start(dir, Map.of())) {
            chat = api(first).createChat();
            var conversation = first.getBean(ConversationRepository.class).findById(UUID.fromString(chat)).orElseThrow();
            // recorded as a request would record it, but never handed to the worker: as if the server stopped first
            replyId = first.getBean(AssistantReplies.class).received(conversation, "hello", null).reply().id().toString();
        }
        try (ApplicationContext second = start(dir, Map.of())) {
            ApiClient api = api(second);
            JsonNode ended = AssistantContract.finalEvent(api, chat, replyId);
            assertEquals("error", ended.get("state").asText());
            assertEquals(AssistantRecovery.INTERRUPTED, ended.get("text").asText());
            JsonNode messages = api.get(path(chat) + "/messages").data().get("messages");
            assertEquals("hello", messages.get(0).get("content").asText(), "the user's message is kept");
            assertEquals("error", messages.get(1).get("state").asText());
        }
    }
}
