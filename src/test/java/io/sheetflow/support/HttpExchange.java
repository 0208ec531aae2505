package io.sheetflow.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One way to send a request to Sheetflow (the Netty server over HTTP, or the Lambda handler in-process). */
public interface HttpExchange {

    Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body);

    /** A response: status, headers (names lower-case), body bytes. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public JsonNode json() {
            try {
                return body.length == 0 ? ApiClient.JSON.createObjectNode() : ApiClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + new String(body), e);
            }
        }

        public JsonNode data() {
            return json().get("data");
        }

        @Override
        public String toString() {
            return status + " " + new String(body, 0, Math.min(body.length, 2000), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
