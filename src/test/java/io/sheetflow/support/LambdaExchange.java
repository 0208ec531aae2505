package io.sheetflow.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Requests as API Gateway HTTP API (payload format 2.0) events, handed to the Lambda handler in-process, the way
 * Lambda invokes it. Non-text bodies travel base64-encoded, as API Gateway sends them.
 */
public final class LambdaExchange implements HttpExchange {
    private final APIGatewayV2HTTPEventFunction function;

    public LambdaExchange(APIGatewayV2HTTPEventFunction function) {
        this.function = function;
    }

    @Override
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        return send(method, pathAndQuery, headers, body, new MockLambdaContext());
    }

    /** As {@link #send(String, String, Map, byte[])}, in the given invocation context (its request id, deadline). */
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                      com.amazonaws.services.lambda.runtime.Context invocation) {
        APIGatewayV2HTTPResponse response = function.handleRequest(event(method, pathAndQuery, headers, body),
                invocation);
        Map<String, List<String>> lower = new HashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        }
        byte[] bytes = response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        return new Reply(response.getStatusCode(), lower, bytes);
    }

    public static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        Map<String, String> lowerHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> lowerHeaders.put(k.toLowerCase(Locale.ROOT), v));
        lowerHeaders.putIfAbsent("host", "abc123.execute-api.eu-west-1.amazonaws.com");
        String contentType = lowerHeaders.getOrDefault("content-type", "");
        boolean text = contentType.startsWith("application/json") || contentType.startsWith("text/");
        if (body != null && body.length > 0) {
            lowerHeaders.put("content-length", Integer.toString(body.length));
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(query)
                .withQueryStringParameters(parameters.isEmpty() ? null : parameters)
                .withHeaders(lowerHeaders)
                .withCookies(new ArrayList<>())
                .withBody(body == null || body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body != null && body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withDomainName(lowerHeaders.get("host"))
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").withUserAgent("sheetflow-test").build())
                        .build())
                .build();
    }
}
