package io.sheetflow.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Reading and validating the context, without synthesizing. */
class SheetflowConfigTest {

    static SheetflowConfig config(Map<String, Object> context) {
        return SheetflowConfig.from(new App(AppProps.builder().context(context).build()).getNode());
    }

    static Map<String, Object> with(String key, Object value) {
        Map<String, Object> context = new HashMap<>();
        context.put(key, value);
        return context;
    }

    @Test
    void defaults() {
        SheetflowConfig config = config(Map.of("lambdaArtifact", "x.zip"));
        assertEquals("Sheetflow", config.stackName());
        assertEquals("prod", config.stageName());
        assertEquals("$default", config.httpStageName());
        assertEquals(List.of(), config.corsAllowedOrigins(), "no browser origin unless configured");
        assertEquals(15, config.workerTimeoutMinutes());
        assertEquals(1, config.workerBatchSize());
        assertEquals(1, config.natGateways());
        assertEquals(2, config.outputExpirationDays());
        assertEquals(true, config.dbDeletionProtection());
        assertEquals(null, config.jwtIssuer());
        assertEquals(Path.of("x.zip").toAbsolutePath(), config.lambdaArtifact());
    }

    @Test
    void lambdaArtifact_defaultsToTheRootBuildOutput() {
        String previous = System.clearProperty("lambdaArtifact");
        try {
            assertEquals(Path.of("../target/sheetflow-lambda.zip").toAbsolutePath().normalize(),
                    config(Map.of()).lambdaArtifact());
            System.setProperty("lambdaArtifact", "/elsewhere/a.zip");
            assertEquals(Path.of("/elsewhere/a.zip"), config(Map.of()).lambdaArtifact());
            assertEquals(Path.of("/context/b.zip"), config(Map.of("lambdaArtifact", "/context/b.zip")).lambdaArtifact(),
                    "context wins over the system property");
        } finally {
            if (previous != null) {
                System.setProperty("lambdaArtifact", previous);
            } else {
                System.clearProperty("lambdaArtifact");
            }
        }
    }

    @Test
    void missingArtifact_failsWithTheBuildCommand() {
        SheetflowConfig config = config(Map.of("lambdaArtifact", "/nonexistent/sheetflow-lambda.zip"));
        var e = assertThrows(IllegalStateException.class, config::requireLambdaArtifact);
        assertTrue(e.getMessage().contains("./mvnw -B -ntp -Plambda -DskipTests package"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/sheetflow-lambda.zip"), e.getMessage());
    }

    @Test
    void jwtIssuer_losesItsTrailingSlash_andMustBeHttps() {
        assertEquals("https://issuer.example.com/pool", config(with("jwtIssuer", "https://issuer.example.com/pool/")).jwtIssuer());
        assertThrows(IllegalArgumentException.class, () -> config(with("jwtIssuer", "http://issuer.example.com")));
    }

    @Test
    void invalidValues_areRefusedWithTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("stageName", "prod/v1")))
                .getMessage().contains("stageName"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("workerTimeoutMinutes", "20")))
                .getMessage().contains("workerTimeoutMinutes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("workerTimeoutMinutes", "ten")))
                .getMessage().contains("workerTimeoutMinutes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("natGateways", "0")))
                .getMessage().contains("natGateways"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("domainName", "api.example.com")))
                .getMessage().contains("certificateArn"));
        assertThrows(IllegalArgumentException.class, () -> config(with("dbMultiAz", "maybe")));
    }

    @Test
    void assistantPlanner_defaultsToRules_withNothingElseToConfigure() {
        AssistantPlanner assistant = config(Map.of()).assistant();
        assertEquals("rules", assistant.planner());
        assertEquals(false, assistant.llm());
        assertEquals(Map.of("SHEETFLOW_ASSISTANT_PLANNER", "rules"), assistant.environment());
    }

    @Test
    void assistantLlmSettings_areRefusedWithTheirKey_whenIncompleteOrForTheOtherProvider() {
        Map<String, Object> bedrock = new HashMap<>(Map.of("assistantPlanner", "llm", "assistantLlmProvider", "bedrock",
                "assistantLlmModel", "anthropic.claude-3-5-haiku-20241022-v1:0"));
        assertTrue(config(bedrock).assistant().bedrock());
        Map<String, Object> openAi = new HashMap<>(Map.of("assistantPlanner", "llm", "assistantLlmModel", "llama3.1",
                "assistantLlmBaseUrl", "http://ollama.internal:11434/v1"));
        assertEquals(11434, config(openAi).assistant().baseUrlPort());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("assistantPlanner", "magic")))
                .getMessage().contains("assistantPlanner"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("assistantLlmModel", "gpt-4o-mini")))
                .getMessage().contains("assistantPlanner=llm"), "llm settings without the llm planner");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(with("assistantPlanner", "llm")))
                .getMessage().contains("assistantLlmModel"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(Map.of("assistantPlanner", "llm",
                "assistantLlmModel", "gpt-4o-mini"))).getMessage().contains("assistantLlmBaseUrl"));
        Map<String, Object> partialArn = new HashMap<>(openAi);
        partialArn.put("assistantLlmApiKeySecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:llm-key");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(partialArn))
                .getMessage().contains("complete ARN"));
        bedrock.put("assistantLlmApiKeySecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:llm-key-AbCdEf");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(bedrock))
                .getMessage().contains("assistantLlmProvider=openai"));
        Map<String, Object> bedrockArn = new HashMap<>(Map.of("assistantPlanner", "llm", "assistantLlmProvider", "bedrock",
                "assistantLlmModel", "arn:aws:bedrock:eu-west-1::foundation-model/x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config(bedrockArn))
                .getMessage().contains("not an ARN"));
    }

    @Test
    void contextValuesFromCdkJson_mayBeNumbersAndBooleans() {
        Map<String, Object> context = new HashMap<>();
        context.put("workerTimeoutMinutes", 5);
        context.put("dbMultiAz", true);
        SheetflowConfig config = config(context);
        assertEquals(5, config.workerTimeoutMinutes());
        assertEquals(true, config.dbMultiAz());
    }
}
