package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.sheetflow.logging.JsonLogEncoder;
import org.slf4j.MDC;

/**
 * The REST API on AWS Lambda behind an API Gateway HTTP API (payload v2): the same controllers as the Netty
 * server, in the environments {@code function} and {@code lambda}. Handler:
 * {@code io.sheetflow.lambda.HttpFunction::handleRequest}.
 */
public class HttpFunction extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime: starts the application context (once per execution environment). */
    public HttpFunction() {
        super();
    }

    /** Serves requests with an already started context (tests, SnapStart priming). */
    public HttpFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // The Lambda request id in every log line of the invocation (Micronaut's other handlers set this key too).
        String awsRequestId = context == null ? null : context.getAwsRequestId();
        if (awsRequestId != null) {
            MDC.put(JsonLogEncoder.AWS_REQUEST_ID_KEY, awsRequestId);
        }
        try {
            return super.handleRequest(event, context);
        } finally {
            RelayFlush.beforeReturning(applicationContext, context);
            MDC.remove(JsonLogEncoder.AWS_REQUEST_ID_KEY);
        }
    }
}
