package io.sheetflow.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;
import java.util.UUID;

/**
 * The body of a run queue message, telling the worker what to do by its {@code type}: a run
 * ({@link RunMessage}: {@code {"run_id"}}, no type, as every run message has been, so messages already in
 * flight and workers of the previous version keep working) or an assistant reply ({@link ReplyMessage}:
 * {@code {"type": "assistant_reply", "chat_id", "reply_id"}}).
 */
public sealed interface WorkerMessage permits RunMessage, ReplyMessage {

    String toJson();

    /** The message a body holds; empty when it is none of them (malformed, or of an unknown type). */
    static Optional<WorkerMessage> parse(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                return Optional.empty();
            }
            String type = json.path("type").isMissingNode() ? RunMessage.TYPE : json.path("type").asText();
            return switch (type) {
                case RunMessage.TYPE -> uuid(json, "run_id").map(RunMessage::new);
                case ReplyMessage.TYPE -> uuid(json, "chat_id").flatMap(chat -> uuid(json, "reply_id")
                        .map(reply -> new ReplyMessage(chat, reply)));
                default -> Optional.empty();
            };
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<UUID> uuid(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(UUID.fromString(value.asText()));
    }
}
