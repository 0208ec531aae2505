package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.sheetflow.aws.WebSocketRoutes;
import jakarta.inject.Inject;

/**
 * The WebSocket API Lambda ({@code $connect}, {@code $disconnect}, {@code $default}): live workflow events.
 * Handler: {@code io.sheetflow.lambda.WebSocketFunction::handleRequest} (what infra deploys) or the class name alone.
 */
public class WebSocketFunction extends MicronautRequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    @Inject
    WebSocketRoutes routes;

    public WebSocketFunction() {
    }

    /** For tests and benchmarks: a started (or startable) context with the {@code lambda} environment. */
    public WebSocketFunction(ApplicationContext context) {
        super(context);
    }

    /** The event as the runtime client passes it for {@code ::handleRequest} (a Map): see {@link LambdaEvents}. */
    @Override
    protected APIGatewayV2WebSocketEvent convertInput(Object input) {
        return LambdaEvents.convert(input, APIGatewayV2WebSocketEvent.class);
    }

    @Override
    public APIGatewayV2WebSocketResponse execute(APIGatewayV2WebSocketEvent event) {
        return routes.handle(event);
    }
}
