package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code POST {base-url}/chat/completions} with {@code stream: true} over the JDK's HTTP client (no Netty, so it
 * works in the Lambda zip too). The whole answer, headers to {@code [DONE]}, must arrive within the timeout.
 */
@Singleton
@Requires(property = "sheetflow.assistant.planner", value = "llm")
public class ChatCompletionsClient {

    private static final int ERROR_TEXT = 200;

    private final LlmSettings settings;
    private final ObjectMapper json;
    private final HttpClient http;

    public ChatCompletionsClient(LlmSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /**
     * Sends the request and streams the answer's text to {@code content} (on the HTTP client's thread, in order).
     *
     * @throws ModelUnavailable for a connection failure, a timeout, an error status or an unreadable stream
     */
    public ModelReply complete(ObjectNode body, Consumer<String> content) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.completionsUri())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        ChatStream stream = new ChatStream(json, content);
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.build(), info ->
                info.statusCode() / 100 == 2
                        ? HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(stream), s -> "", StandardCharsets.UTF_8, null)
                        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModelUnavailable("the wait for it was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(cause);
            }
            if (cause instanceof ConnectException || cause.getCause() instanceof ConnectException) {
                throw new ModelUnavailable("could not connect to " + settings.baseUrl(), cause);
            }
            if (cause instanceof IOException) {
                throw new ModelUnavailable("the connection to " + settings.baseUrl() + " failed: " + cause.getMessage(), cause);
            }
            throw new ModelUnavailable("the request failed: " + cause, cause);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ModelUnavailable("its server answered HTTP " + response.statusCode() + errorText(response.body()));
        }
        return stream.end();
    }

    private ModelUnavailable timedOut(Throwable cause) {
        return new ModelUnavailable("timed out after " + settings.timeoutText(), cause, true);
    }

    /** The error's own message when the body is OpenAI's {@code {"error": {"message": ...}}}, else its start. */
    private String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        try {
            JsonNode error = json.readTree(text).path("error");
            if (error.path("message").isTextual()) {
                text = error.get("message").asText();
            } else if (error.isTextual()) {
                text = error.asText();
            }
        } catch (IOException notJson) {
            // the body as it is
        }
        return ": " + (text.length() > ERROR_TEXT ? text.substring(0, ERROR_TEXT) + "..." : text);
    }

    /** Feeds the body's lines to the stream reader. */
    private record Lines(ChatStream stream) implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            stream.line(line);
        }

        @Override
        public void onError(Throwable throwable) {
            // the response future fails with it
        }

        @Override
        public void onComplete() {
            // end() reads what was gathered
        }
    }
}
