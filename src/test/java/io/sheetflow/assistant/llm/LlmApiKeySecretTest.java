package io.sheetflow.assistant.llm;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.sheetflow.assistant.PlanRequest;
import io.sheetflow.assistant.Planner;
import io.sheetflow.support.SecretsManagerStub;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The llm planner's API key read from a Secrets Manager secret (how infra/ passes it), with a real SDK client. */
class LlmApiKeySecretTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sheetflow-llm-key-AbCdEf";

    @Test
    void apiKeySecretArn_theSecretsValueIsSentAsBearerAuthorization_andTheSecretIsReadOnce() throws Exception {
        try (OpenAiStandIn standIn = new OpenAiStandIn();
             SecretsManagerStub stub = new SecretsManagerStub(Map.of(ARN, "sk-from-the-secret\n"));
             ApplicationContext ctx = ApplicationContext.run(properties(standIn, stub), "test")) {
            Planner planner = ctx.getBean(Planner.class, Qualifiers.byName("llm"));
            for (int i = 0; i < 2; i++) {
                standIn.answer(200, OpenAiStandIn.stream(List.of("ok"), null, List.of()));
                planner.plan(new PlanRequest(LlmPlannerTest.REQUEST, List.of(LlmPlannerTest.PEOPLE), null),
                        new CopyOnWriteArrayList<String>()::add);
            }
            assertEquals(List.of("Bearer sk-from-the-secret", "Bearer sk-from-the-secret"),
                    standIn.requests.stream().map(OpenAiStandIn.Captured::authorization).toList());
            assertEquals(1, stub.requests().size(), stub.requests().toString());
            assertTrue(stub.requests().get(0).startsWith("secretsmanager.GetSecretValue") && stub.requests().get(0).contains(ARN));
        }
    }

    @Test
    void unknownApiKeySecret_stopsTheStart_withAMessageNamingTheSecret() throws Exception {
        try (OpenAiStandIn standIn = new OpenAiStandIn(); SecretsManagerStub stub = new SecretsManagerStub(Map.of())) {
            Throwable e = assertThrows(RuntimeException.class, () -> {
                try (ApplicationContext ctx = ApplicationContext.run(properties(standIn, stub), "test")) {
                    ctx.getBean(Planner.class, Qualifiers.byName("llm"));
                }
            });
            while (e.getCause() != null && !(e instanceof IllegalStateException)) {
                e = e.getCause();
            }
            assertTrue(e.getMessage().contains("assistant API key secret " + ARN), e.getMessage());
        }
    }

    private static Map<String, Object> properties(OpenAiStandIn standIn, SecretsManagerStub stub) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("sheetflow.data-dir", Files.createTempDirectory("sheetflow-llm-secret-").toString());
        properties.put("sheetflow.assistant.planner", "llm");
        properties.put("sheetflow.assistant.llm.base-url", standIn.baseUrl());
        properties.put("sheetflow.assistant.llm.model", "gpt-4o-mini");
        properties.put(LlmSettingsFactory.API_KEY_SECRET_ARN, ARN);
        properties.put("aws.region", "us-east-1");
        properties.put("sheetflow.aws.access-key-id", "test");
        properties.put("sheetflow.aws.secret-key", "test-secret");
        properties.put("aws.services.secretsmanager.endpoint-override", stub.endpoint().toString());
        return properties;
    }
}
