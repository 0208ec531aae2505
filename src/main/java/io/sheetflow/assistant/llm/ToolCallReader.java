package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.assistant.FileFacts;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.assistant.rules.SuggestionValidator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the model's answer: its first tool call, checked like any suggestion by {@link SuggestionValidator}
 * (the input file is a conversation file, every operation exists, every step's arguments bind, every column is
 * one of the files'); a plain text answer without a tool call stands as it is.
 */
final class ToolCallReader {

    /** What the model's answer amounts to. */
    sealed interface Reading {
    }

    record Proposed(String inputFileId, List<PlannedStep> steps) implements Reading {
    }

    record Asked(String question) implements Reading {
    }

    /** A text answer without a tool call (e.g. to something that is not a request about the files). */
    record Answered() implements Reading {
    }

    record Refused(String reason) implements Reading {
    }

    private final ObjectMapper json;
    private final SuggestionValidator validator;

    ToolCallReader(ObjectMapper json, SuggestionValidator validator) {
        this.json = json;
        this.validator = validator;
    }

    Reading read(ModelReply reply, List<FileFacts> files) {
        if (reply.toolCalls().isEmpty()) {
            return reply.content().isBlank() ? new Refused("it answered neither with text nor with a tool call")
                    : new Answered();
        }
        ModelReply.ToolCall call = reply.toolCalls().get(0);
        JsonNode arguments;
        try {
            arguments = json.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (JsonProcessingException e) {
            return new Refused("the arguments of its " + call.name() + " call are not valid JSON");
        }
        if (!arguments.isObject()) {
            return new Refused("the arguments of its " + call.name() + " call are not a JSON object");
        }
        return switch (call.name()) {
            case PlanTools.PROPOSE -> proposed(arguments, files);
            case PlanTools.ASK -> arguments.path("question").isTextual() && !arguments.get("question").asText().isBlank()
                    ? new Asked(arguments.get("question").asText().strip())
                    : new Refused("its question is empty");
            default -> new Refused("it called an unknown tool '" + call.name() + "'");
        };
    }

    private Reading proposed(JsonNode arguments, List<FileFacts> files) {
        if (!arguments.path("input_file_id").isTextual()) {
            return new Refused("its workflow names no input_file_id");
        }
        String input = arguments.get("input_file_id").asText();
        if (!arguments.path("steps").isArray()) {
            return new Refused("its workflow has no steps array");
        }
        List<PlannedStep> steps = new ArrayList<>();
        int n = 0;
        for (JsonNode step : arguments.get("steps")) {
            n++;
            if (!step.path("operation").isTextual()) {
                return new Refused("step " + n + " of its workflow names no operation");
            }
            JsonNode stepArguments = step.path("arguments");
            if (stepArguments.isMissingNode() || stepArguments.isNull()) {
                stepArguments = json.createObjectNode();
            }
            if (!stepArguments.isObject()) {
                return new Refused("the arguments of step " + n + " of its workflow are not a JSON object");
            }
            steps.add(new PlannedStep(step.get("operation").asText(), (ObjectNode) stepArguments));
        }
        Optional<String> problem = validator.problem(input, steps, files);
        return problem.<Reading>map(p -> new Refused("its workflow is invalid: " + p)).orElseGet(() -> new Proposed(input, steps));
    }
}
