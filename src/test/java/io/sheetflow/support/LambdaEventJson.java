package io.sheetflow.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Events as the AWS services send them to a function, as JSON (the shapes of captured events; ids replaced): what
 * a runtime client reads from the Runtime API, so nothing is pre-bound to our types.
 */
public final class LambdaEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEventJson() {
    }

    /** An HTTP API (payload format 2.0) request; the body, when present, base64-encoded as API Gateway does for binary. */
    public static String http(String method, String path, Map<String, String> headers, byte[] body) {
        long now = System.currentTimeMillis();
        String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", rawPath);
        event.put("rawQueryString", query);
        ObjectNode h = event.putObject("headers");
        h.put("host", "api123.execute-api.eu-west-1.amazonaws.com");
        h.put("user-agent", "sheetflow-test");
        h.put("x-forwarded-for", "203.0.113.7");
        h.put("x-forwarded-proto", "https");
        h.put("x-forwarded-port", "443");
        headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "123456789012");
        context.put("apiId", "api123");
        context.put("domainName", "api123.execute-api.eu-west-1.amazonaws.com");
        context.put("domainPrefix", "api123");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.7");
        http.put("userAgent", "sheetflow-test");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", "04/Dec/2026:20:00:00 +0000");
        context.put("timeEpoch", now);
        if (body != null) {
            event.put("body", Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", true);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event.toString();
    }

    /** A WebSocket API {@code $connect} with the given query parameters. */
    public static String connect(String connectionId, Map<String, String> query) {
        long now = System.currentTimeMillis();
        ObjectNode event = JSON.createObjectNode();
        ObjectNode headers = event.putObject("headers");
        headers.put("Host", "abc123.execute-api.eu-west-1.amazonaws.com");
        headers.put("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
        headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("X-Amzn-Trace-Id", "Root=1-674f0000-0123456789abcdef01234567");
        headers.put("X-Forwarded-For", "203.0.113.7");
        headers.put("X-Forwarded-Port", "443");
        headers.put("X-Forwarded-Proto", "https");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        multiHeaders.putArray("Host").add("abc123.execute-api.eu-west-1.amazonaws.com");
        multiHeaders.putArray("Sec-WebSocket-Version").add("13");
        multiHeaders.putArray("X-Forwarded-For").add("203.0.113.7");
        ObjectNode q = event.putObject("queryStringParameters");
        ObjectNode mq = event.putObject("multiValueQueryStringParameters");
        query.forEach((k, v) -> {
            q.put(k, v);
            mq.putArray(k).add(v);
        });
        ObjectNode context = webSocketContext(event, connectionId, "$connect", "CONNECT", now);
        context.putObject("identity").put("userAgent", "Mozilla/5.0").put("sourceIp", "203.0.113.7");
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    /** A WebSocket API {@code $default} message from the client. */
    public static String message(String connectionId, String body) {
        long now = System.currentTimeMillis();
        ObjectNode event = JSON.createObjectNode();
        ObjectNode context = webSocketContext(event, connectionId, "$default", "MESSAGE", now);
        context.put("messageId", "Cx" + UUID.randomUUID().toString().substring(0, 10) + "=");
        context.putObject("identity").put("sourceIp", "203.0.113.7");
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    private static ObjectNode webSocketContext(ObjectNode event, String connectionId, String routeKey, String type,
                                               long now) {
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", routeKey);
        context.put("eventType", type);
        context.put("extendedRequestId", "CxYzAbCdEFAFvQ=");
        context.put("requestTime", "04/Dec/2026:20:00:00 +0000");
        context.put("messageDirection", "IN");
        context.put("stage", "prod");
        context.put("connectedAt", now);
        context.put("requestTimeEpoch", now);
        context.put("requestId", "CxYzAbCdEFAFvQ=");
        context.put("domainName", "abc123.execute-api.eu-west-1.amazonaws.com");
        context.put("connectionId", connectionId);
        context.put("apiId", "abc123");
        return context;
    }

    /** An SQS event as the event source mapping sends it, one record. */
    public static String sqs(String messageId, String body) {
        try {
            return """
                    {"Records": [{
                      "messageId": "%s",
                      "receiptHandle": "AQEBrh-receipt-handle",
                      "body": %s,
                      "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1733342400000",
                                     "SenderId": "AROAEXAMPLE:sheetflow-http", "ApproximateFirstReceiveTimestamp": "1733342400010"},
                      "messageAttributes": {},
                      "md5OfBody": "99914b932bd37a50b983c5e7c90ae93b",
                      "eventSource": "aws:sqs",
                      "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:sheetflow-runs",
                      "awsRegion": "eu-west-1"
                    }]}
                    """.formatted(messageId, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of an HTTP API response event, decoded. */
    public static String responseBody(com.fasterxml.jackson.databind.JsonNode response) {
        String body = response.path("body").asText("");
        return response.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }
}
