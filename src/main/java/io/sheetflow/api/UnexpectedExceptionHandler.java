package io.sheetflow.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything not mapped elsewhere: logged with the request id, answered without internals. */
@Produces
@Singleton
public class UnexpectedExceptionHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);
    private final Envelopes envelopes;

    public UnexpectedExceptionHandler(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception exception) {
        String requestId = RequestIds.of(request);
        var unavailable = UnavailableResource.of(exception);
        if (unavailable.isPresent()) {
            UnavailableResource resource = unavailable.get();
            LOG.warn("{} {} (request {}): {}: {}", request.getMethod(), request.getPath(), requestId, resource.code(),
                    rootMessage(exception));
            return envelopes.error(request, resource.status(), resource.code(), resource.message(), null)
                    .header("Retry-After", String.valueOf(resource.retryAfterSeconds()));
        }
        if (clientWentAway(exception)) {
            // The client hung up (or was cut off by the idle timeout) mid-body: nothing was stored, nobody to answer.
            LOG.info("{} {} (request {}): the connection closed before the request body was complete",
                    request.getMethod(), request.getPath(), requestId);
            return envelopes.error(request, HttpStatus.BAD_REQUEST, "IncompleteBody",
                    "The connection closed before the request body was complete", null);
        }
        LOG.error("Unhandled error on {} {} (request {})", request.getMethod(), request.getPath(), requestId, exception);
        return envelopes.error(request, HttpStatus.INTERNAL_SERVER_ERROR, "InternalError",
                "Internal server error (request id " + requestId + ")", null);
    }

    private static boolean clientWentAway(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.EOFException || cause instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
