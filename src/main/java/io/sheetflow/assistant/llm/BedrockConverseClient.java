package io.sheetflow.assistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.sheetflow.aws.AwsSettings;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Amazon Bedrock's ConverseStream ({@code POST /model/{modelId}/converse-stream}) over the JDK's HTTP client,
 * signed with SigV4 (service {@code bedrock}) by the AWS SDK's signer with the same credentials as the other AWS
 * clients ({@code sheetflow.aws.*}, else the SDK's default chain: on Lambda the function's role). The SDK's own
 * {@code bedrockruntime} client is not used: the Maven mirror has none matching the SDK version of the BOM, and
 * its streaming call needs an asynchronous HTTP client (Netty or CRT), which the Lambda zip leaves out.
 * The prompt's system messages become {@code system}, the tools {@code toolConfig}; the whole answer must arrive
 * within the timeout.
 */
@Singleton
@Requires(property = "sheetflow.assistant.planner", value = "llm")
@Requires(property = "sheetflow.assistant.llm.provider", value = "bedrock")
public class BedrockConverseClient implements ModelClient {
    static final String SIGNING_NAME = "bedrock";
    /** Set by the JDK client itself, which refuses them. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final LlmSettings settings;
    private final ObjectMapper json;
    private final AwsCredentialsProvider credentials;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public BedrockConverseClient(LlmSettings settings, ObjectMapper json, AwsSettings aws) {
        this(settings, json, aws.credentialsProvider());
    }

    BedrockConverseClient(LlmSettings settings, ObjectMapper json, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.json = json;
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public ModelReply complete(ArrayNode messages, ArrayNode tools, Consumer<String> content) {
        byte[] body = body(messages, tools).toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.converseStreamUri())
                .timeout(settings.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed(body).request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        ConverseStream stream = new ConverseStream(json, content);
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.build(), info ->
                info.statusCode() / 100 == 2
                        ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArrayConsumer(
                                (Optional<byte[]> bytes) -> bytes.ifPresent(stream::bytes)), nothing -> "")
                        : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response = ModelExchange.await(answer, settings);
        if (response.statusCode() / 100 != 2) {
            String type = response.headers().firstValue("x-amzn-ErrorType").map(t -> " " + t.split(":", 2)[0]).orElse("");
            throw new ModelUnavailable("Bedrock answered HTTP " + response.statusCode() + type
                    + ModelExchange.errorText(json, response.body()));
        }
        return stream.end();
    }

    private SignedRequest signed(byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(settings.converseStreamUri())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/vnd.amazon.eventstream")
                .build();
        return signer.sign(r -> r.identity(credentials.resolveCredentials()).request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region()));
    }

    /**
     * The Converse request: system messages joined into {@code system}, the others as {@code messages} with one
     * text block each (consecutive ones of a role merged, empty ones left out: Bedrock refuses both), and each
     * chat-completions function tool as a {@code toolSpec} whose {@code inputSchema.json} is its parameters.
     */
    ObjectNode body(ArrayNode messages, ArrayNode tools) {
        ObjectNode body = json.createObjectNode();
        ArrayNode system = json.createArrayNode();
        ArrayNode turns = json.createArrayNode();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            String text = message.path("content").asText("");
            if (text.isBlank()) {
                continue;
            }
            if (role.equals("system")) {
                system.addObject().put("text", text);
                continue;
            }
            JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            ArrayNode blocks = last != null && last.path("role").asText().equals(role)
                    ? (ArrayNode) last.get("content")
                    : turns.addObject().put("role", role).putArray("content");
            blocks.addObject().put("text", text);
        }
        body.set("messages", turns);
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        body.putObject("inferenceConfig").put("temperature", 0);
        ObjectNode toolConfig = body.putObject("toolConfig");
        ArrayNode specs = toolConfig.putArray("tools");
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            ObjectNode spec = specs.addObject().putObject("toolSpec");
            spec.put("name", function.path("name").asText());
            spec.put("description", function.path("description").asText());
            spec.putObject("inputSchema").set("json", function.path("parameters"));
        }
        toolConfig.putObject("toolChoice").putObject("auto");
        return body;
    }
}
