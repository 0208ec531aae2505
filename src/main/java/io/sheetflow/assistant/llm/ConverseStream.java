package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a Bedrock ConverseStream answer: AWS event-stream frames ({@code application/vnd.amazon.eventstream}),
 * each an event named by its {@code :event-type} header with the event's JSON as payload ({@code messageStart},
 * {@code contentBlockStart} naming a tool use, {@code contentBlockDelta} with {@code text} or a piece of the tool
 * input's JSON, {@code contentBlockStop}, {@code messageStop}, {@code metadata}), or an exception frame
 * ({@code :message-type: exception}). Text goes to {@code content} as it comes; tool inputs are joined by their
 * block index. Never throws while fed: the first problem is kept and later bytes ignored.
 */
final class ConverseStream {

    private final ObjectMapper json;
    private final Consumer<String> content;
    private final MessageDecoder decoder = new MessageDecoder(this::frame);
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Call> calls = new TreeMap<>();
    private boolean stopped;
    private String problem;

    ConverseStream(ObjectMapper json, Consumer<String> content) {
        this.json = json;
        this.content = content;
    }

    private static final class Call {
        String id = "";
        String name = "";
        final StringBuilder input = new StringBuilder();
    }

    void bytes(byte[] bytes) {
        if (problem != null) {
            return;
        }
        try {
            decoder.feed(bytes);
        } catch (RuntimeException e) {
            problem = "its answer stream held a malformed event-stream frame";
        }
    }

    /** The end of the body: the answer, or why it could not be read. */
    ModelReply end() {
        if (problem != null) {
            throw new ModelUnavailable(problem);
        }
        if (!stopped) {
            throw new ModelUnavailable("its answer stream ended before it was complete");
        }
        List<ModelReply.ToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(c -> toolCalls.add(new ModelReply.ToolCall(c.id, c.name, c.input.toString())));
        return new ModelReply(text.toString(), toolCalls);
    }

    private void frame(Message frame) {
        if (problem != null) {
            return;
        }
        String type = header(frame, ":message-type");
        JsonNode payload;
        try {
            payload = frame.getPayload().length == 0 ? json.createObjectNode() : json.readTree(frame.getPayload());
        } catch (IOException e) {
            problem = "its answer stream held malformed JSON";
            return;
        }
        if ("exception".equals(type) || "error".equals(type)) {
            String name = "exception".equals(type) ? header(frame, ":exception-type") : header(frame, ":error-code");
            String message = payload.path("message").asText(header(frame, ":error-message"));
            problem = "it answered with an error: " + name + (message == null || message.isEmpty() ? "" : ": " + message);
            return;
        }
        String event = header(frame, ":event-type");
        if (event == null) {
            return;
        }
        switch (event) {
            case "contentBlockStart" -> {
                JsonNode toolUse = payload.path("start").path("toolUse");
                if (toolUse.isObject()) {
                    Call call = calls.computeIfAbsent(payload.path("contentBlockIndex").asInt(0), i -> new Call());
                    call.id = toolUse.path("toolUseId").asText("");
                    call.name = toolUse.path("name").asText("");
                }
            }
            case "contentBlockDelta" -> {
                JsonNode delta = payload.path("delta");
                if (delta.path("text").isTextual() && !delta.get("text").asText().isEmpty()) {
                    String piece = delta.get("text").asText();
                    text.append(piece);
                    content.accept(piece);
                }
                if (delta.path("toolUse").path("input").isTextual()) {
                    calls.computeIfAbsent(payload.path("contentBlockIndex").asInt(0), i -> new Call())
                            .input.append(delta.get("toolUse").get("input").asText());
                }
            }
            case "messageStop" -> stopped = true;
            default -> {
                // messageStart, contentBlockStop and metadata carry nothing the planner uses
            }
        }
    }

    private static String header(Message frame, String name) {
        HeaderValue value = frame.getHeaders().get(name);
        return value == null ? null : value.getString();
    }
}
