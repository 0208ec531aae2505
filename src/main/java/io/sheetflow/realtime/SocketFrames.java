package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Control frames (connected, pong, ack, error): not logged, so they carry no seq of their own. */
@Singleton
@Requires(notEnv = "lambda")
class SocketFrames {
    private final ObjectMapper mapper;

    SocketFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String frame(String type, Object... keyValues) {
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
