package io.sheetflow.logging;

import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;

import java.util.HashMap;
import java.util.Map;

/**
 * After authentication: the caller ({@code user}) and the conversation and run the route names
 * ({@code chat_id}, {@code run_id}) join the request's log context.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public class CallerLogFilter implements Ordered {

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    public void addCaller(HttpRequest<?> request, MutablePropagatedContext context) {
        Map<String, String> fields = new HashMap<>();
        request.getUserPrincipal(Authentication.class).ifPresent(a -> fields.put(LogContext.USER, a.getName()));
        RouteAttributes.getRouteMatch(request).ifPresent(route -> {
            Map<String, Object> variables = route.getVariableValues();
            putVariable(fields, LogContext.CHAT_ID, variables.get("chatId"));
            putVariable(fields, LogContext.RUN_ID, variables.get("runId") != null ? variables.get("runId")
                    : variables.get("jobId"));
        });
        if (!fields.isEmpty()) {
            LogContext.addToRequest(context, fields);
        }
    }

    private static void putVariable(Map<String, String> fields, String key, Object value) {
        if (value != null) {
            String text = value.toString();
            // Route variables are what the client sent: only ids of a sane length go into log lines.
            if (!text.isBlank() && text.length() <= 64) {
                fields.put(key, text);
            }
        }
    }
}
