package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sheetflow.assistant.ColumnFacts;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import io.sheetflow.assistant.SheetFacts;
import io.sheetflow.assistant.rules.SuggestionValidator;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The llm planner against a stand-in chat-completions server speaking OpenAI's streaming protocol. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LlmPlannerTest implements TestPropertyProvider {
    static final String REQUEST = "take email and name from people.csv and give me a CSV";
    static final FileFacts PEOPLE = new FileFacts("11111111-1111-1111-1111-111111111111", "people.csv", "upload", "csv",
            List.of(new SheetFacts(null, List.of(
                    new ColumnFacts("id", "integer", List.of("1", "2", "3")),
                    new ColumnFacts("name", "text", List.of("Name 1", "Name 2", "Name 3")),
                    new ColumnFacts("email", "text", List.of("user1@example.com", "user2@example.com", "user3@example.com"))),
                    20)), Instant.parse("2026-01-01T00:00:00Z"));

    final OpenAiStandIn standIn = new OpenAiStandIn();

    @Inject
    @Named("llm")
    Planner planner;
    @Inject
    ChatCompletionsClient client;
    @Inject
    PlanTools tools;
    @Inject
    SuggestionValidator validator;
    @Inject
    @Named("rules")
    Planner rules;
    @Inject
    ObjectMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("sheetflow.data-dir", Files.createTempDirectory("sheetflow-llm-").toString(),
                    "sheetflow.assistant.planner", "llm",
                    "sheetflow.assistant.llm.base-url", standIn.baseUrl(),
                    "sheetflow.assistant.llm.model", "gpt-4o-mini",
                    "sheetflow.assistant.llm.api-key", "sk-test-key",
                    "sheetflow.assistant.llm.timeout", "20s",
                    "sheetflow.assistant.llm.max-samples", "2");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void reset() {
        standIn.reset();
    }

    @AfterAll
    void stop() {
        standIn.close();
    }

    static String propose(String columnsJson) {
        return "{\"input_file_id\":\"" + PEOPLE.id() + "\",\"steps\":[{\"operation\":\"excel/extract-columns-to-file\","
                + "\"arguments\":{\"columns\":" + columnsJson + "}}]}";
    }

    PlanOutcome plan(List<String> sink) {
        return planner.plan(new PlanRequest(REQUEST, List.of(PEOPLE), null), sink::add);
    }

    @Test
    void streamedText_reachesTheSinkInOrder_andTheReplyTextIsExactlyTheChunks() {
        standIn.answer(200, OpenAiStandIn.stream(List.of("I will ", "take the ", "two columns."), null, List.of()));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome outcome = plan(sink);
        assertEquals(List.of("I will ", "take the ", "two columns."), sink);
        assertEquals(new PlanOutcome.NotUnderstood("I will take the two columns."), outcome);
    }

    @Test
    void aValidToolCall_becomesASuggestionWithTheValidatedSteps() {
        standIn.answer(200, OpenAiStandIn.stream(List.of("Taking email and name."), PlanTools.PROPOSE,
                OpenAiStandIn.pieces(propose("[\"email\",\"name\"]"), 7)));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome outcome = plan(sink);
        PlanOutcome.Suggestion suggestion = assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
        assertEquals(PEOPLE.id(), suggestion.inputFileId());
        assertEquals(1, suggestion.steps().size());
        assertEquals("excel/extract-columns-to-file", suggestion.steps().get(0).operation());
        assertEquals("[\"email\",\"name\"]", suggestion.steps().get(0).arguments().get("columns").toString());
        assertEquals(String.join("", sink), suggestion.text(), "the chunks add up to the text");
        assertTrue(suggestion.text().startsWith("Taking email and name."), suggestion.text());
    }

    @Test
    void aToolCallWithAnUnknownColumn_isRefused_andTheRulesPlannerAnswers() {
        standIn.answer(200, OpenAiStandIn.stream(List.of(), PlanTools.PROPOSE, List.of(propose("[\"mail\",\"name\"]"))));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome outcome = plan(sink);
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome, "the rules planner's suggestion");
        assertTrue(outcome.text().startsWith("The language model's answer could not be used (its workflow is invalid:"
                + " step 1 (excel/extract-columns-to-file): unknown column 'mail'"), outcome.text());
        assertTrue(outcome.text().contains("here is what the built-in planner found"), outcome.text());
        assertEquals(String.join("", sink), outcome.text());
    }

    @Test
    void aToolCallWithAnUnknownOperation_isRefused_andTheRulesPlannerAnswers() {
        standIn.answer(200, OpenAiStandIn.stream(List.of(), PlanTools.PROPOSE, List.of("{\"input_file_id\":\""
                + PEOPLE.id() + "\",\"steps\":[{\"operation\":\"excel/teleport\",\"arguments\":{}}]}")));
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().startsWith("The language model's answer could not be used (its workflow is invalid:"
                + " step 1: unknown operation excel/teleport)"), outcome.text());
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
    }

    @Test
    void aToolCallWithAnUnknownFileId_isRefused() {
        standIn.answer(200, OpenAiStandIn.stream(List.of(), PlanTools.PROPOSE,
                List.of(propose("[\"email\"]").replace(PEOPLE.id(), "22222222-2222-2222-2222-222222222222"))));
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().contains("unknown input file id '22222222-2222-2222-2222-222222222222'"), outcome.text());
    }

    @Test
    void aToolCallWithMalformedArgumentsJson_isRefused_andTheRulesPlannerAnswers() {
        standIn.answer(200, OpenAiStandIn.stream(List.of(), PlanTools.PROPOSE, List.of("{\"input_file_id\": \"", "x")));
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().startsWith("The language model's answer could not be used (the arguments of its"
                + " propose_workflow call are not valid JSON)"), outcome.text());
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
    }

    @Test
    void http500_fallsBackToTheRulesPlanner_sayingSo() {
        standIn.answer(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().startsWith("The language model could not be used (its server answered HTTP 500:"
                + " The server had an error); here is what the built-in planner found:"), outcome.text());
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
    }

    @Test
    void http401_fallsBackToTheRulesPlanner_sayingSo() {
        standIn.answer(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().startsWith("The language model could not be used (its server answered HTTP 401:"
                + " Incorrect API key provided)"), outcome.text());
    }

    @Test
    void aMalformedStream_fallsBackToTheRulesPlanner() {
        standIn.answer(200, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}\n\ndata: [DONE]\n\n");
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().startsWith("The language model could not be used (its answer stream held malformed JSON)"),
                outcome.text());
    }

    @Test
    void aConnectionFailure_fallsBackToTheRulesPlanner() {
        LlmSettings nowhere = new LlmSettings(URI.create("http://127.0.0.1:1/v1"), "m", null, Duration.ofSeconds(5), 3);
        Planner unreachable = new LlmPlanner(nowhere, new ChatCompletionsClient(nowhere, json), tools, validator, rules, json);
        PlanOutcome outcome = unreachable.plan(new PlanRequest(REQUEST, List.of(PEOPLE), null), Planner.TextSink.NONE);
        assertTrue(outcome.text().startsWith("The language model could not be used (could not connect to"), outcome.text());
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
    }

    @Test
    void anAnswerSlowerThanTheTimeout_fallsBackToTheRulesPlanner() {
        LlmSettings quick = new LlmSettings(URI.create(standIn.baseUrl()), "m", null, Duration.ofSeconds(1), 3);
        Planner impatient = new LlmPlanner(quick, new ChatCompletionsClient(quick, json), tools, validator, rules, json);
        CountDownLatch release = standIn.answerWhenReleased(OpenAiStandIn.stream(List.of("late"), null, List.of()));
        try {
            List<String> sink = new CopyOnWriteArrayList<>();
            PlanOutcome outcome = impatient.plan(new PlanRequest(REQUEST, List.of(PEOPLE), null), sink::add);
            assertTrue(outcome.text().startsWith("The language model did not answer (timed out after 1 s); here is what"
                    + " the built-in planner found:"), outcome.text());
            assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
            assertEquals(String.join("", sink), outcome.text());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theRequest_carriesTheTools_andOnlyColumnFactsWithAtMostMaxSamples() throws Exception {
        standIn.answer(200, OpenAiStandIn.stream(List.of("ok"), null, List.of()));
        plan(new CopyOnWriteArrayList<>());
        String body = standIn.requests.get(0).body();
        JsonNode request = json.readTree(body);
        assertEquals("gpt-4o-mini", request.get("model").asText());
        assertTrue(request.get("stream").asBoolean());
        List<String> toolNames = new java.util.ArrayList<>();
        request.get("tools").forEach(t -> toolNames.add(t.get("function").get("name").asText()));
        assertEquals(List.of(PlanTools.PROPOSE, PlanTools.ASK), toolNames);
        assertFalse(request.get("tools").get(0).get("function").get("parameters").get("properties").get("steps")
                .get("items").get("anyOf").isEmpty(), "one schema per operation");
        String facts = request.get("messages").get(1).get("content").asText();
        JsonNode files = json.readTree(facts.substring(facts.indexOf('[')));
        for (JsonNode column : files.get(0).get("sheets").get(0).get("columns")) {
            assertTrue(column.get("samples").size() <= 2, column.toString());
        }
        assertEquals(20, files.get(0).get("sheets").get(0).get("rows").asInt());
        assertFalse(body.contains("Name 3"), "no sample beyond max-samples");
        assertFalse(body.contains("user3@example.com"), "no sample beyond max-samples");
    }

    @Test
    void theApiKey_isSentAsBearerAuthorization() {
        standIn.answer(200, OpenAiStandIn.stream(List.of("ok"), null, List.of()));
        plan(new CopyOnWriteArrayList<>());
        assertEquals("Bearer sk-test-key", standIn.requests.get(0).authorization());
    }
}
