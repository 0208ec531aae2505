package io.sheetflow.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;
import java.util.UUID;

/** The body of a run queue message: {@code {"run_id": "<uuid>"}}. */
public record RunMessage(UUID runId) {

    public String toJson() {
        return "{\"run_id\":\"" + runId + "\"}";
    }

    /** The run id of a message body; empty when the body is not such a message. */
    public static Optional<RunMessage> parse(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode json = mapper.readTree(body);
            JsonNode id = json == null ? null : json.get("run_id");
            if (id == null || !id.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new RunMessage(UUID.fromString(id.asText())));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
