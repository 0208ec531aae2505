package io.sheetflow.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The per-request id (32 hex chars) and arrival time, kept as request attributes. */
public final class RequestIds {
    public static final String ATTRIBUTE = "sheetflow.request-id";
    public static final String TIME_ATTRIBUTE = "sheetflow.requested-time";
    public static final String HEADER = "X-Request-Id";

    private RequestIds() {
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static String of(HttpRequest<?> request) {
        if (request == null) {
            return newId();
        }
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = newId();
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }

    public static OffsetDateTime timeOf(HttpRequest<?> request) {
        if (request == null) {
            return OffsetDateTime.now();
        }
        return request.getAttribute(TIME_ATTRIBUTE, OffsetDateTime.class).orElseGet(OffsetDateTime::now);
    }

    public static String current() {
        return of(ServerRequestContext.currentRequest().orElse(null));
    }
}
