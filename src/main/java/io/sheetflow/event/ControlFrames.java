package io.sheetflow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Control frames of the live protocol (connected, pong, ack, error): not logged, so they carry no seq of their
 * own. Shared by the local WebSocket endpoints and the API Gateway WebSocket function.
 */
@Singleton
public class ControlFrames {
    private final ObjectMapper mapper;

    public ControlFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The {@code connected} frame: the protocol version first, then the endpoint's own fields. */
    public String connected(Object... keyValues) {
        Object[] all = new Object[keyValues.length + 2];
        all[0] = "protocol";
        all[1] = EventTypes.PROTOCOL_VERSION;
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        return frame(EventTypes.CONNECTED, all);
    }

    public String frame(String type, Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        map.put("timestamp", Instant.now().toString());
        try {
            return mapper.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
