package io.sheetflow.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sheetflow.api.Links;
import io.sheetflow.event.StoredEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events as API Gateway WebSocket messages: the same JSON as the local frames, except that an event over API
 * Gateway's 128 KB message limit is cut down: its {@code result} (then, if still too large, every field but the
 * envelope) is left out, and {@code truncated: true} with {@code links} to the full event and run is added.
 */
@Singleton
public class ApiGatewayFrames {
    /** API Gateway refuses WebSocket messages over 128 KB. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayFrames.class);
    private static final Set<String> ENVELOPE = Set.of("type", "chat_id", "run_id", "seq", "timestamp", "step_id",
            "step_index", "operation", "status", "progress");

    private final ObjectMapper mapper;
    private final Links links;

    public ApiGatewayFrames(ObjectMapper mapper, Links links) {
        this.mapper = mapper;
        this.links = links;
    }

    public byte[] fit(StoredEvent event) {
        if (event.utf8().length <= MAX_MESSAGE_BYTES) {
            return event.utf8();
        }
        try {
            ObjectNode json = (ObjectNode) mapper.readTree(event.utf8());
            if (json.has("result")) {
                json.putNull("result");
            }
            markTruncated(json, event);
            byte[] smaller = mapper.writeValueAsBytes(json);
            if (smaller.length <= MAX_MESSAGE_BYTES) {
                return smaller;
            }
            for (String field : List.copyOf(iterable(json))) {
                if (!ENVELOPE.contains(field)) {
                    json.remove(field);
                }
            }
            markTruncated(json, event);
            return mapper.writeValueAsBytes(json);
        } catch (IOException | ClassCastException e) {
            LOG.warn("Event {} #{} could not be cut to size", event.type(), event.seq(), e);
            return envelopeOnly(event);
        }
    }

    private void markTruncated(ObjectNode json, StoredEvent event) {
        json.put("truncated", true);
        Map<String, String> map = new LinkedHashMap<>();
        map.put("event", links.events(event.chatId()) + "?since=" + (event.seq() - 1) + "&limit=1");
        if (event.runId() != null) {
            map.put("run", links.run(event.chatId(), event.runId()));
        }
        json.set("links", mapper.valueToTree(map));
    }

    private byte[] envelopeOnly(StoredEvent event) {
        ObjectNode json = mapper.createObjectNode();
        json.put("type", event.type());
        json.put("chat_id", event.chatId().toString());
        json.put("run_id", event.runId() == null ? null : event.runId().toString());
        json.put("seq", event.seq());
        markTruncated(json, event);
        try {
            return mapper.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> iterable(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
