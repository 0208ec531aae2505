package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * {@code POST {base-url}/chat/completions} with {@code stream: true} over the JDK's HTTP client (no Netty, so it
 * works in the Lambda zip too). The whole answer, headers to {@code [DONE]}, must arrive within the timeout.
 */
@Singleton
@Requires(property = "sheetflow.assistant.planner", value = "llm")
@Requires(property = "sheetflow.assistant.llm.provider", value = "openai", defaultValue = "openai")
public class ChatCompletionsClient implements ModelClient {

    private final LlmSettings settings;
    private final ObjectMapper json;
    private final HttpClient http;

    public ChatCompletionsClient(LlmSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** Streams the answer's text to {@code content} on the HTTP client's thread, in order. */
    @Override
    public ModelReply complete(ArrayNode messages, ArrayNode tools, Consumer<String> content) {
        ObjectNode body = json.createObjectNode();
        body.put("model", settings.model());
        body.put("stream", true);
        body.put("temperature", 0);
        body.set("messages", messages);
        body.set("tools", tools);
        body.put("tool_choice", "auto");
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
        HttpResponse<String> response = ModelExchange.await(answer, settings);
        if (response.statusCode() / 100 != 2) {
            throw new ModelUnavailable("its server answered HTTP " + response.statusCode()
                    + ModelExchange.errorText(json, response.body()));
        }
        return stream.end();
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
