package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import io.sheetflow.assistant.rules.SuggestionValidator;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static io.sheetflow.assistant.llm.LlmPlannerTest.PEOPLE;
import static io.sheetflow.assistant.llm.LlmPlannerTest.REQUEST;
import static io.sheetflow.assistant.llm.LlmPlannerTest.propose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The llm planner on Amazon Bedrock, against a stand-in speaking ConverseStream's HTTP and event-stream protocol. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockPlannerTest implements TestPropertyProvider {
    static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

    final BedrockStandIn standIn = new BedrockStandIn();

    @Inject
    @Named("llm")
    Planner planner;
    @Inject
    ModelClient client;
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
            return Map.of("sheetflow.data-dir", Files.createTempDirectory("sheetflow-bedrock-").toString(),
                    "sheetflow.assistant.planner", "llm",
                    "sheetflow.assistant.llm.provider", "bedrock",
                    "sheetflow.assistant.llm.base-url", standIn.endpoint(),
                    "sheetflow.assistant.llm.model", MODEL,
                    "sheetflow.assistant.llm.region", "eu-west-1",
                    "sheetflow.assistant.llm.timeout", "20s",
                    "sheetflow.assistant.llm.max-samples", "2",
                    "sheetflow.aws.access-key-id", "AKIDBEDROCKTEST",
                    "sheetflow.aws.secret-key", "bedrock-test-secret");
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

    PlanOutcome plan(List<String> sink) {
        return planner.plan(new PlanRequest(REQUEST, List.of(PEOPLE), null), sink::add);
    }

    @Test
    void theBedrockProvider_isTheConverseStreamClient() {
        assertInstanceOf(BedrockConverseClient.class, client);
    }

    @Test
    void streamedText_reachesTheSinkInOrder_andTheReplyTextIsExactlyTheChunks() {
        standIn.answer(BedrockStandIn.stream(List.of("I will ", "take the ", "two columns."), null, List.of()));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome outcome = plan(sink);
        assertEquals(List.of("I will ", "take the ", "two columns."), sink);
        assertEquals(new PlanOutcome.NotUnderstood("I will take the two columns."), outcome);
    }

    @Test
    void aValidToolUse_becomesASuggestionWithTheValidatedSteps() {
        standIn.answer(BedrockStandIn.stream(List.of("Taking email and name."), PlanTools.PROPOSE,
                OpenAiStandIn.pieces(propose("[\"email\",\"name\"]"), 9)));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome.Suggestion suggestion = assertInstanceOf(PlanOutcome.Suggestion.class, plan(sink));
        assertEquals(PEOPLE.id(), suggestion.inputFileId());
        assertEquals(List.of("excel/extract-columns-to-file"), suggestion.steps().stream().map(s -> s.operation()).toList());
        assertEquals("[\"email\",\"name\"]", suggestion.steps().get(0).arguments().get("columns").toString());
        assertTrue(suggestion.text().startsWith("Taking email and name."), suggestion.text());
        assertEquals(String.join("", sink), suggestion.text(), "the chunks add up to the text");
    }

    @Test
    void aToolUseWithAnUnknownColumn_isRefusedWithAMessage_andTheRulesPlannerAnswers() {
        standIn.answer(BedrockStandIn.stream(List.of(), PlanTools.PROPOSE, List.of(propose("[\"mail\",\"name\"]"))));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome outcome = plan(sink);
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome, "the rules planner's suggestion");
        assertTrue(outcome.text().startsWith("The language model's answer could not be used (its workflow is invalid:"
                + " step 1 (excel/extract-columns-to-file): unknown column 'mail'"), outcome.text());
        assertEquals(String.join("", sink), outcome.text());
    }

    @Test
    void anErrorStatus_fallsBackToTheRulesPlanner_namingBedrocksError() {
        standIn.fail(429, "ThrottlingException", "Too many requests, please wait before trying again.");
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().startsWith("The language model could not be used (Bedrock answered HTTP 429"
                + " ThrottlingException: Too many requests, please wait before trying again.); here is what the"
                + " built-in planner found:"), outcome.text());
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
    }

    @Test
    void anExceptionFrameInTheStream_fallsBackToTheRulesPlanner() {
        standIn.answer(BedrockStandIn.failingStream(List.of("Taking "), "modelStreamErrorException", "The model stopped"));
        List<String> sink = new CopyOnWriteArrayList<>();
        PlanOutcome outcome = plan(sink);
        assertTrue(outcome.text().startsWith("Taking "), outcome.text());
        assertTrue(outcome.text().contains("The language model could not be used (it answered with an error:"
                + " modelStreamErrorException: The model stopped)"), outcome.text());
        assertEquals(String.join("", sink), outcome.text(), "what streamed stays, the notice follows it");
        assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
    }

    @Test
    void aStreamCutBeforeMessageStop_fallsBackToTheRulesPlanner() {
        byte[] whole = BedrockStandIn.stream(List.of("Hi"), null, List.of());
        standIn.answer(java.util.Arrays.copyOf(whole, whole.length / 2));
        PlanOutcome outcome = plan(new CopyOnWriteArrayList<>());
        assertTrue(outcome.text().contains("The language model could not be used (its answer stream ended before it"
                + " was complete)"), outcome.text());
    }

    @Test
    void anAnswerSlowerThanTheTimeout_fallsBackToTheRulesPlanner() {
        LlmSettings quick = new LlmSettings(URI.create(standIn.endpoint()), MODEL, null, Duration.ofSeconds(1), 3,
                LlmSettings.Provider.BEDROCK, "eu-west-1");
        ModelClient impatientClient = new BedrockConverseClient(quick, json,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBEDROCKTEST", "bedrock-test-secret")));
        Planner impatient = new LlmPlanner(quick, impatientClient, tools, validator, rules, json);
        CountDownLatch release = standIn.answerWhenReleased(BedrockStandIn.stream(List.of("late"), null, List.of()));
        try {
            PlanOutcome outcome = impatient.plan(new PlanRequest(REQUEST, List.of(PEOPLE), null), Planner.TextSink.NONE);
            assertTrue(outcome.text().startsWith("The language model did not answer (timed out after 1 s); here is what"
                    + " the built-in planner found:"), outcome.text());
            assertInstanceOf(PlanOutcome.Suggestion.class, outcome);
        } finally {
            release.countDown();
        }
    }

    @Test
    void theRequest_isSigV4SignedForBedrock_andCarriesTheSystemPromptAndTheToolsAsToolConfig() throws Exception {
        standIn.answer(BedrockStandIn.stream(List.of("ok"), null, List.of()));
        plan(new CopyOnWriteArrayList<>());
        BedrockStandIn.Captured captured = standIn.requests.get(0);
        assertEquals("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream", captured.path());
        assertTrue(captured.authorization().startsWith("AWS4-HMAC-SHA256 Credential=AKIDBEDROCKTEST/"), captured.authorization());
        assertTrue(captured.authorization().contains("/eu-west-1/bedrock/aws4_request"), captured.authorization());
        assertTrue(captured.amzDate() != null && captured.amzDate().endsWith("Z"), String.valueOf(captured.amzDate()));
        assertEquals("application/vnd.amazon.eventstream", captured.accept());
        JsonNode body = json.readTree(captured.body());
        assertTrue(body.path("system").get(0).path("text").asText().contains("propose_workflow"), body.toString());
        assertTrue(body.path("system").get(1).path("text").asText().contains("people.csv"));
        assertEquals(1, body.path("messages").size(), "one user turn");
        assertEquals("user", body.path("messages").get(0).path("role").asText());
        assertEquals(REQUEST, body.path("messages").get(0).path("content").get(0).path("text").asText());
        JsonNode specs = body.path("toolConfig").path("tools");
        assertEquals(PlanTools.PROPOSE, specs.get(0).path("toolSpec").path("name").asText());
        assertEquals(PlanTools.ASK, specs.get(1).path("toolSpec").path("name").asText());
        assertEquals(json.valueToTree(tools.tools(List.of(PEOPLE)).get(0).path("function").path("parameters")),
                specs.get(0).path("toolSpec").path("inputSchema").path("json"), "the operation schemas, as for OpenAI");
        assertTrue(body.path("toolConfig").path("toolChoice").has("auto"));
        assertTrue(!captured.body().contains("Name 3") && !captured.body().contains("user3@example.com"),
                "no sample beyond max-samples");
    }
}
