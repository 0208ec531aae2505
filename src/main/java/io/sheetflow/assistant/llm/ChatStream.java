package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads an OpenAI chat-completions stream line by line (server-sent events: one {@code data: {chunk}} line per
 * event, as every OpenAI-compatible server writes them, {@code data: [DONE]} at the end). Content pieces go to
 * {@code content} as they come; tool-call fragments are joined by their index. Never throws: the first problem is kept and later lines ignored.
 */
final class ChatStream {

    private final ObjectMapper json;
    private final Consumer<String> content;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Call> calls = new TreeMap<>();
    private boolean done;
    private boolean finished;
    private String problem;

    ChatStream(ObjectMapper json, Consumer<String> content) {
        this.json = json;
        this.content = content;
    }

    private static final class Call {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
    }

    void line(String line) {
        if (problem != null || done) {
            return;
        }
        if (line.startsWith("data:")) {
            event(line.substring(5).strip());
        }
        // blank lines, "event:", "id:", "retry:" and ":" comment lines carry nothing for chat completions
    }

    /** The end of the body: the answer, or why it could not be read. */
    ModelReply end() {
        if (problem != null) {
            throw new ModelUnavailable(problem);
        }
        if (!done && !finished) {
            throw new ModelUnavailable("its answer stream ended before it was complete");
        }
        List<ModelReply.ToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(c -> toolCalls.add(new ModelReply.ToolCall(c.id, c.name, c.arguments.toString())));
        return new ModelReply(text.toString(), toolCalls);
    }

    private void event(String event) {
        if (event.isEmpty()) {
            return;
        }
        if (event.equals("[DONE]")) {
            done = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(event);
        } catch (JsonProcessingException e) {
            problem = "its answer stream held malformed JSON";
            return;
        }
        if (chunk.hasNonNull("error")) {
            JsonNode error = chunk.get("error");
            problem = "it answered with an error: " + (error.hasNonNull("message") ? error.get("message").asText() : error.toString());
            return;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.hasNonNull("finish_reason")) {
            finished = true;
        }
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual() && !delta.get("content").asText().isEmpty()) {
            String piece = delta.get("content").asText();
            text.append(piece);
            content.accept(piece);
        }
        for (JsonNode fragment : delta.path("tool_calls")) {
            Call call = calls.computeIfAbsent(fragment.path("index").asInt(0), i -> new Call());
            if (fragment.path("id").isTextual() && call.id.isEmpty()) {
                call.id = fragment.get("id").asText();
            }
            JsonNode function = fragment.path("function");
            if (function.path("name").isTextual() && !function.get("name").asText().equals(call.name)) {
                call.name = call.name + function.get("name").asText();
            }
            if (function.path("arguments").isTextual()) {
                call.arguments.append(function.get("arguments").asText());
            }
        }
    }
}
