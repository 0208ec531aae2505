package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the model clients share: waiting for a whole streamed answer, and reading an error body. */
final class ModelExchange {
    private static final int ERROR_TEXT = 200;

    private ModelExchange() {
    }

    /**
     * Waits for the answer, body included, within the settings' timeout.
     *
     * @throws ModelUnavailable for a timeout, an interruption, a connection or I/O failure
     */
    static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> answer, LlmSettings settings) {
        try {
            return answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw timedOut(settings, e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelUnavailable("the wait for it was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ModelUnavailable unavailable) {
                throw unavailable;
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(settings, cause);
            }
            if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
                throw new ModelUnavailable("could not connect to " + settings.where(), cause);
            }
            if (cause instanceof IOException) {
                throw new ModelUnavailable("the connection to " + settings.where() + " failed: " + cause.getMessage(), cause);
            }
            throw new ModelUnavailable("the request failed: " + cause, cause);
        }
    }

    private static ModelUnavailable timedOut(LlmSettings settings, Throwable cause) {
        return new ModelUnavailable("timed out after " + settings.timeoutText(), cause, true);
    }

    /**
     * ": " and the error's own message when the body is OpenAI's {@code {"error": {"message"}}} or AWS's
     * {@code {"message"}}, else the body's start; "" for an empty body.
     */
    static String errorText(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonNode tree = json.readTree(text);
            JsonNode error = tree.path("error");
            if (error.path("message").isTextual()) {
                text = error.get("message").asText();
            } else if (error.isTextual()) {
                text = error.asText();
            } else if (tree.path("message").isTextual()) {
                text = tree.get("message").asText();
            } else if (tree.path("Message").isTextual()) {
                text = tree.get("Message").asText();
            }
        } catch (IOException notJson) {
            // the body as it is
        }
        return ": " + (text.length() > ERROR_TEXT ? text.substring(0, ERROR_TEXT) + "..." : text);
    }
}
