package io.sheetflow.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.ServerFilterPhase;
import io.sheetflow.logging.LogContext;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Gives every request an id (echoed in {@code X-Request-Id}, the envelope and the logs' {@code request_id}). Runs first, so responses
 * that other filters answer themselves (security's 401) carry the header too.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public class RequestIdFilter implements Ordered {

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @RequestFilter
    public void assignId(HttpRequest<?> request, MutablePropagatedContext context) {
        request.setAttribute(RequestIds.TIME_ATTRIBUTE, OffsetDateTime.now());
        LogContext.addToRequest(context, Map.of(LogContext.REQUEST_ID, RequestIds.of(request)));
    }

    @ResponseFilter
    public void echoId(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(RequestIds.HEADER, RequestIds.of(request));
    }
}
