package io.sheetflow.infra;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which planner answers chat messages ({@code sheetflow.assistant.*} of the application), from CDK context:
 * {@code assistantPlanner} ({@code rules}, the default, needs nothing else) or {@code llm} with
 * {@code assistantLlmProvider} ({@code openai}, the default: an OpenAI-compatible server at
 * {@code assistantLlmBaseUrl}, its key optionally in the Secrets Manager secret {@code assistantLlmApiKeySecretArn};
 * or {@code bedrock}: Amazon Bedrock's ConverseStream in the stack's region) and {@code assistantLlmModel}.
 * Only the worker function writes replies, so only it gets these settings (and, for Bedrock, the permission).
 *
 * @param model           for Bedrock a foundation model id or a cross-region inference profile id (a
 *                        geography prefix before the model id, e.g. {@code eu.anthropic.claude-3-5-haiku-20241022-v1:0})
 * @param apiKeySecretArn the complete ARN of a secret whose SecretString is the key (OpenAI-compatible only)
 */
public record AssistantPlanner(String planner, String provider, String model, String baseUrl, String apiKeySecretArn) {

    public static final String RULES = "rules";
    public static final String LLM = "llm";
    public static final String OPENAI = "openai";
    public static final String BEDROCK = "bedrock";
    /** Geography prefixes of Bedrock's system-defined (cross-region) inference profile ids. */
    static final Pattern INFERENCE_PROFILE = Pattern.compile("^(us|us-gov|eu|apac|ca|jp|au|global)\\.(.+)$");
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}");

    public AssistantPlanner {
        require(planner.equals(RULES) || planner.equals(LLM), "assistantPlanner must be rules or llm: " + planner);
        if (planner.equals(RULES)) {
            require(provider == null && model == null && baseUrl == null && apiKeySecretArn == null,
                    "assistantLlm* settings are read only with assistantPlanner=llm");
        } else {
            provider = provider == null ? OPENAI : provider;
            require(provider.equals(OPENAI) || provider.equals(BEDROCK), "assistantLlmProvider must be openai or bedrock: " + provider);
            require(model != null, "assistantLlmModel is required with assistantPlanner=llm");
            if (provider.equals(BEDROCK)) {
                require(MODEL_ID.matcher(model).matches(), "assistantLlmModel must be a Bedrock model id or inference "
                        + "profile id (not an ARN), e.g. eu.anthropic.claude-3-5-haiku-20241022-v1:0: " + model);
                require(baseUrl == null && apiKeySecretArn == null, "assistantLlmBaseUrl and assistantLlmApiKeySecretArn "
                        + "are for assistantLlmProvider=openai: Bedrock is called in the stack's region with the worker's role");
            } else {
                require(baseUrl != null && baseUrl.matches("https?://[^\\s/]+(/\\S*)?"),
                        "assistantLlmBaseUrl (an http(s) URL whose /chat/completions is called) is required with "
                                + "assistantLlmProvider=openai: " + baseUrl);
                require(apiKeySecretArn == null || SECRET_ARN.matcher(apiKeySecretArn).matches(),
                        "assistantLlmApiKeySecretArn must be a secret's complete ARN (with its 6-character suffix): "
                                + apiKeySecretArn);
            }
        }
    }

    static AssistantPlanner from(Function<String, String> context) {
        return new AssistantPlanner(lower(context.apply("assistantPlanner"), RULES), lower(context.apply("assistantLlmProvider"), null),
                context.apply("assistantLlmModel"), context.apply("assistantLlmBaseUrl"),
                context.apply("assistantLlmApiKeySecretArn"));
    }

    public boolean llm() {
        return planner.equals(LLM);
    }

    public boolean bedrock() {
        return llm() && provider.equals(BEDROCK);
    }

    /** The port the worker must reach the OpenAI-compatible server on (443 needs no rule of its own). */
    public int baseUrlPort() {
        URI uri = URI.create(baseUrl);
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    }

    /** The Bedrock model of an inference profile id ({@code eu.anthropic...} -> {@code anthropic...}); null for a model id. */
    public String profileModel() {
        var m = INFERENCE_PROFILE.matcher(model);
        return m.matches() ? m.group(2) : null;
    }

    /** The worker's environment: the application's {@code sheetflow.assistant.*} keys; the key's secret by ARN only. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SHEETFLOW_ASSISTANT_PLANNER", planner);
        if (llm()) {
            environment.put("SHEETFLOW_ASSISTANT_LLM_PROVIDER", provider);
            environment.put("SHEETFLOW_ASSISTANT_LLM_MODEL", model);
            if (baseUrl != null) {
                environment.put("SHEETFLOW_ASSISTANT_LLM_BASE_URL", baseUrl);
            }
            if (apiKeySecretArn != null) {
                environment.put("SHEETFLOW_ASSISTANT_LLM_API_KEY_SECRET_ARN", apiKeySecretArn);
            }
        }
        return environment;
    }

    private static String lower(String value, String fallback) {
        return value == null ? fallback : value.toLowerCase(Locale.ROOT);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
