package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PendingPlan;
import io.sheetflow.assistant.PlanOutcome;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import io.sheetflow.assistant.rules.StepDescriptions;
import io.sheetflow.assistant.rules.SuggestionValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Plans with a language model ({@code sheetflow.assistant.planner: llm}) behind an OpenAI-compatible
 * chat-completions endpoint or Amazon Bedrock's ConverseStream ({@link ModelClient}). The model sees the files' facts only, streams its text to the user and
 * answers with one tool call ({@link PlanTools}), validated like a rules suggestion. When the model cannot be
 * used (no answer in time, an error status, an unreadable stream, an invalid tool call) the {@code rules} planner
 * answers instead, and the reply says so first. Never throws.
 */
@Singleton
@Named("llm")
@Requires(property = "sheetflow.assistant.planner", value = "llm")
public class LlmPlanner implements Planner {

    static final String QUESTION_INTENT = "llm_question";
    private static final Logger LOG = LoggerFactory.getLogger(LlmPlanner.class);

    private final LlmSettings settings;
    private final ModelClient client;
    private final PlanTools tools;
    private final Planner rules;
    private final ObjectMapper json;
    private final ToolCallReader reader;

    public LlmPlanner(LlmSettings settings, ModelClient client, PlanTools tools,
                      SuggestionValidator validator, @Named("rules") Planner rules, ObjectMapper json) {
        this.settings = settings;
        this.client = client;
        this.tools = tools;
        this.rules = rules;
        this.json = json;
        this.reader = new ToolCallReader(json, validator);
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public PlanOutcome plan(PlanRequest request, TextSink deltas) {
        if (request.pending() != null && request.pending().slots() != null && request.pending().slots().hasNonNull("text")) {
            // an answer to a question the rules planner asked (in an earlier fallback) goes back to it
            return rules.plan(request, deltas);
        }
        StreamGate gate = new StreamGate(deltas);
        try {
            ModelReply reply;
            try {
                reply = client.complete(PlanPrompt.messages(json, request, tools.catalogue(), settings.maxSamples()),
                        tools.tools(request.files()), gate::fromModel);
            } finally {
                gate.close();
            }
            return outcome(request, reader.read(reply, request.files()), reply, gate);
        } catch (ModelUnavailable e) {
            String notice = e.timedOut() ? "The language model did not answer (" + e.getMessage() + ")"
                    : "The language model could not be used (" + e.getMessage() + ")";
            return fallback(request, gate, notice);
        } catch (RuntimeException e) {
            LOG.error("The llm planner failed", e);
            return fallback(request, gate, "The language model could not be used (an unexpected error: " + e + ")");
        }
    }

    private PlanOutcome outcome(PlanRequest request, ToolCallReader.Reading reading, ModelReply reply, StreamGate gate) {
        if (reading instanceof ToolCallReader.Proposed proposed) {
            FileFacts input = request.files().stream().filter(f -> f.id().equals(proposed.inputFileId())).findFirst()
                    .orElseThrow();
            gate.append(StepDescriptions.describe(input.name(), proposed.steps()));
            return new PlanOutcome.Suggestion(gate.text(), proposed.steps().get(0).operation(), input.id(),
                    proposed.steps());
        }
        if (reading instanceof ToolCallReader.Asked asked) {
            gate.append(asked.question());
            ObjectNode slots = json.createObjectNode();
            slots.put(PlanPrompt.REQUEST_SLOT, conversationSoFar(request));
            slots.put(PlanPrompt.QUESTION_SLOT, asked.question());
            return new PlanOutcome.Question(gate.text(), new PendingPlan(QUESTION_INTENT, null, List.of(), "answer", slots));
        }
        if (reading instanceof ToolCallReader.Refused refused) {
            return fallback(request, gate, "The language model's answer could not be used (" + refused.reason() + ")");
        }
        return new PlanOutcome.NotUnderstood(reply.content());
    }

    /** The request a question is about: after an earlier question of the model, that request with its answer. */
    private static String conversationSoFar(PlanRequest request) {
        PendingPlan pending = request.pending();
        if (pending != null && pending.slots() != null && pending.slots().hasNonNull(PlanPrompt.REQUEST_SLOT)) {
            return pending.slots().get(PlanPrompt.REQUEST_SLOT).asText() + "\n(Asked: "
                    + pending.slots().path(PlanPrompt.QUESTION_SLOT).asText("") + " Answer: " + request.text() + ")";
        }
        return request.text() == null ? "" : request.text();
    }

    private PlanOutcome fallback(PlanRequest request, StreamGate gate, String notice) {
        LOG.warn("The llm planner falls back to the rules planner: {}", notice);
        PlanOutcome planned;
        try {
            PendingPlan pending = request.pending() != null && QUESTION_INTENT.equals(request.pending().intent())
                    ? null : request.pending();
            planned = rules.plan(new PlanRequest(request.text(), request.files(), pending), TextSink.NONE);
        } catch (RuntimeException e) {
            LOG.error("The rules planner failed as the llm planner's fallback", e);
            planned = new PlanOutcome.NotUnderstood("It could not plan that either; please rephrase your request.");
        }
        gate.append(notice + "; here is what the built-in planner found:\n" + planned.text());
        String text = gate.text();
        if (planned instanceof PlanOutcome.Suggestion s) {
            return new PlanOutcome.Suggestion(text, s.intent(), s.inputFileId(), s.steps());
        }
        if (planned instanceof PlanOutcome.Question q) {
            return new PlanOutcome.Question(text, q.pending());
        }
        return new PlanOutcome.NotUnderstood(text);
    }
}
