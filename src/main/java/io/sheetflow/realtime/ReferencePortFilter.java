package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.sheetflow.api.Envelopes;

/** On Pycelize's WebSocket port only the WebSocket endpoints answer; everything else is a 404 saying where the API is. */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
@Requires(property = "sheetflow.websocket.reference-port")
@Requires(notEnv = "lambda")
public class ReferencePortFilter {
    private final int referencePort;
    private final Envelopes envelopes;

    public ReferencePortFilter(@Value("${sheetflow.websocket.reference-port}") int referencePort, Envelopes envelopes) {
        this.referencePort = referencePort;
        this.envelopes = envelopes;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> onlyWebSockets(HttpRequest<?> request) {
        if (request.getServerAddress().getPort() != referencePort) {
            return null;
        }
        String path = request.getPath();
        if (path.startsWith("/chat/") || path.equals("/events")) {
            return null;
        }
        return envelopes.error(request, HttpStatus.NOT_FOUND, "NotFound", "Port " + referencePort
                + " serves only the WebSocket endpoints (/chat/{chat_id}, /events); the REST API is on the server's"
                + " main port", null);
    }
}
