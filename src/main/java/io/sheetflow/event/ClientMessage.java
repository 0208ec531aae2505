package io.sheetflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A message a live-events client sends (docs/events.md lists them): {@code ping} (also the raw text and
 * {@code {"event":"ping"}}),
 * {@code subscribe} to another conversation, {@code resume} after a seq; anything else is acknowledged and
 * text that is not JSON is an error. Parsed the same way on every runtime.
 */
public sealed interface ClientMessage {

    record Ping() implements ClientMessage {
    }

    /** @param since replay after this seq first; negative: no replay */
    record Subscribe(String chatId, long since) implements ClientMessage {
    }

    record Resume(long since) implements ClientMessage {
    }

    /** Any other JSON: answered with an {@code ack} carrying it. */
    record Other(JsonNode original) implements ClientMessage {
    }

    record Invalid() implements ClientMessage {
    }

    static ClientMessage parse(String text, ObjectMapper mapper) {
        String message = text == null ? "" : text.strip();
        if (message.equalsIgnoreCase("ping")) {
            return new Ping();
        }
        JsonNode json;
        try {
            json = mapper.readTree(message);
        } catch (Exception e) {
            return new Invalid();
        }
        String type = json != null && json.hasNonNull("type") ? json.get("type").asText() : "";
        if (type.isEmpty() && json != null && "ping".equals(json.path("event").asText())) {
            return new Ping(); // Pycelize's front end sends {"event":"ping"} keep-alives
        }
        return switch (type) {
            case "ping" -> new Ping();
            case "subscribe" -> new Subscribe(json.path("chat_id").asText(""),
                    json.hasNonNull("since") ? json.get("since").asLong(-1) : -1);
            case "resume" -> new Resume(Math.max(0, json.path("since").asLong(0)));
            default -> new Other(json);
        };
    }
}
