package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.crac.OrderedResource;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming: before the snapshot, sends synthetic requests through the HTTP function (router, filters,
 * security, controllers, the JSON envelope, a database round trip and the object store) so the restored
 * function starts warm. Runs before micronaut-crac suspends the Hikari pool (the lowest precedence resource is
 * registered last, and CRaC calls {@code beforeCheckpoint} in reverse order of registration).
 */
@Singleton
@Requires(env = "lambda")
@Requires(property = "crac.enabled", value = "true")
@Requires(property = HttpPriming.ENABLED, notEquals = "false")
public class HttpPriming implements OrderedResource {
    /** Functions other than the HTTP one (WebSocket, worker) share the environment and may switch this off. */
    public static final String ENABLED = "sheetflow.lambda.http-priming.enabled";
    private static final Logger LOG = LoggerFactory.getLogger(HttpPriming.class);

    private final ApplicationContext context;
    private final JsonMapper json;

    public HttpPriming(ApplicationContext context, JsonMapper json) {
        this.context = context;
        this.json = json;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        // micronaut-crac resumes the pool; nothing of ours to reopen
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Sends the priming requests; returns "METHOD path -> status" per request. Never throws: priming is best effort. */
    public List<String> prime() {
        List<String> primed = new ArrayList<>();
        HttpFunction function = new HttpFunction(context);
        primed.add(send(function, "GET", "/api/v1/health"));
        // readiness: a connection from the pool and a query, and a request to the object store
        primed.add(send(function, "GET", "/api/v1/health/ready"));
        // security and the error envelope
        primed.add(send(function, "GET", "/api/v1/chat/workflows"));
        primed.add(send(function, "POST", "/api/v1/chat/workflows/00000000-0000-0000-0000-000000000000/uploads"));
        try {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("data", Map.of("chat_id", "00000000-0000-0000-0000-000000000000", "size", 1L));
            sample.put("status_code", 200);
            json.readValue(json.writeValueAsBytes(sample), Map.class);
            primed.add("JSON round trip");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Priming the JSON mapper failed", e);
        }
        LOG.info("Primed before the checkpoint: {}", primed);
        return primed;
    }

    private static String send(HttpFunction function, String method, String path) {
        try {
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString("")
                    .withHeaders(Map.of("accept", "application/json", "content-type", "application/json"))
                    .withBody("POST".equals(method) ? "{}" : null)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withRequestId("snapstart-priming").withStage("$default")
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                    .withSourceIp("127.0.0.1").build())
                            .build())
                    .build();
            // The Lambda Context is not used by the handler beyond logging; the library's mock suffices here.
            APIGatewayV2HTTPResponse response = function.handleRequest(event, new MockLambdaContext());
            return method + " " + path + " -> " + response.getStatusCode();
        } catch (RuntimeException e) {
            LOG.warn("Priming request {} {} failed", method, path, e);
            return method + " " + path + " -> failed";
        }
    }
}
