package io.sheetflow.infra;

import static io.sheetflow.infra.TemplateJson.actions;
import static io.sheetflow.infra.TemplateJson.allIdentityStatements;
import static io.sheetflow.infra.TemplateJson.environment;
import static io.sheetflow.infra.TemplateJson.join;
import static io.sheetflow.infra.TemplateJson.json;
import static io.sheetflow.infra.TemplateJson.list;
import static io.sheetflow.infra.TemplateJson.ref;
import static io.sheetflow.infra.TemplateJson.statementsOfRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/**
 * The assistant's planner settings reach the worker (the function that writes replies) and only it, with the
 * Bedrock permission only for the llm planner on Bedrock, scoped to the configured model, and an
 * OpenAI-compatible server's key by secret ARN, never in plain text.
 */
class AssistantPlannerStackTest {
    static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
    static final String PROFILE = "eu." + MODEL;
    static final String KEY_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sheetflow/llm-key-AbCdEf";

    static Synth.Synthesized bedrock() {
        return Synth.defaultsWith("bedrock", Map.of("assistantPlanner", "llm", "assistantLlmProvider", "bedrock",
                "assistantLlmModel", MODEL));
    }

    static Synth.Synthesized bedrockProfile() {
        return Synth.defaultsWith("bedrock-profile", Map.of("assistantPlanner", "llm", "assistantLlmProvider", "bedrock",
                "assistantLlmModel", PROFILE, "vpcInterfaceEndpoints", "true"));
    }

    static Synth.Synthesized openAi() {
        return Synth.defaultsWith("openai", Map.of("assistantPlanner", "llm", "assistantLlmModel", "gpt-4o-mini",
                "assistantLlmBaseUrl", "https://llm.example.com:8443/v1", "assistantLlmApiKeySecretArn", KEY_SECRET));
    }

    static Map<String, Object> env(Synth.Synthesized s, String function) {
        return environment(s.props("AWS::Lambda::Function", function));
    }

    static List<Map<String, Object>> bedrockStatements(Synth.Synthesized s, String function) {
        return statementsOfRole(s, s.logicalId("AWS::IAM::Role", function + "Role")).stream()
                .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("bedrock:"))).toList();
    }

    static void noBedrockAnywhere(Synth.Synthesized s) {
        assertTrue(allIdentityStatements(s).stream().noneMatch(st -> json(st).contains("bedrock")), s.name());
        assertTrue(s.ofType("AWS::EC2::VPCEndpoint").values().stream().noneMatch(e -> json(e).contains("bedrock")), s.name());
    }

    static void onlyTheWorkerHasPlannerSettings(Synth.Synthesized s) {
        for (String name : List.of("HttpFunction", "WebSocketFunction")) {
            assertTrue(env(s, name).keySet().stream().noneMatch(k -> k.startsWith("SHEETFLOW_ASSISTANT_")), s.name() + " " + name);
        }
    }

    @Test
    void defaults_theWorkerUsesTheRulesPlanner_withNoModelSettings_andNoBedrockPermission() {
        Synth.Synthesized s = Synth.defaults();
        Map<String, Object> assistant = new java.util.TreeMap<>(env(s, "WorkerFunction"));
        assistant.keySet().removeIf(key -> !key.startsWith("SHEETFLOW_ASSISTANT_"));
        assertEquals(Map.of("SHEETFLOW_ASSISTANT_PLANNER", "rules"), assistant);
        onlyTheWorkerHasPlannerSettings(s);
        noBedrockAnywhere(s);
    }

    @Test
    void bedrock_theWorkerMayConverseStreamWithTheConfiguredModelOnly() {
        Synth.Synthesized s = bedrock();
        Map<String, Object> env = env(s, "WorkerFunction");
        assertEquals("llm", env.get("SHEETFLOW_ASSISTANT_PLANNER"));
        assertEquals("bedrock", env.get("SHEETFLOW_ASSISTANT_LLM_PROVIDER"));
        assertEquals(MODEL, env.get("SHEETFLOW_ASSISTANT_LLM_MODEL"));
        assertFalse(env.containsKey("SHEETFLOW_ASSISTANT_LLM_BASE_URL"));
        onlyTheWorkerHasPlannerSettings(s);
        s.template().hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "InvokeAssistantModel",
                        "Effect", "Allow",
                        "Action", SheetflowStack.BEDROCK_CONVERSE_STREAM,
                        "Resource", join("arn:", ref("AWS::Partition"), ":bedrock:", ref("AWS::Region"),
                                "::foundation-model/" + MODEL))))))))));
        assertEquals(1, bedrockStatements(s, "WorkerFunction").size());
        assertEquals(List.of(), bedrockStatements(s, "HttpFunction"));
        assertEquals(List.of(), bedrockStatements(s, "WebSocketFunction"));
        assertEquals(1, allIdentityStatements(s).stream().filter(st -> json(st).contains("bedrock")).count());
    }

    @Test
    void bedrockInferenceProfile_theWorkerMayUseTheProfile_andItsModelOnlyThroughIt_andGetsABedrockEndpoint() {
        Synth.Synthesized s = bedrockProfile();
        Object profileArn = join("arn:", ref("AWS::Partition"), ":bedrock:", ref("AWS::Region"), ":",
                ref("AWS::AccountId"), ":inference-profile/" + PROFILE);
        List<Map<String, Object>> statements = bedrockStatements(s, "WorkerFunction");
        assertEquals(2, statements.size(), json(statements));
        for (Map<String, Object> st : statements) {
            assertEquals(List.of(SheetflowStack.BEDROCK_CONVERSE_STREAM), actions(st), json(st));
            assertFalse(list(st.get("Resource")).contains("*"), json(st));
        }
        Map<String, Object> profile = statements.stream().filter(st -> "InvokeAssistantInferenceProfile".equals(st.get("Sid")))
                .findFirst().orElseThrow();
        assertEquals(profileArn, profile.get("Resource"));
        Map<String, Object> model = statements.stream().filter(st -> "InvokeAssistantModelThroughProfile".equals(st.get("Sid")))
                .findFirst().orElseThrow();
        assertEquals(join("arn:", ref("AWS::Partition"), ":bedrock:*::foundation-model/" + MODEL), model.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("bedrock:InferenceProfileArn", profileArn)), model.get("Condition"));
        assertEquals(PROFILE, env(s, "WorkerFunction").get("SHEETFLOW_ASSISTANT_LLM_MODEL"));
        assertTrue(s.ofType("AWS::EC2::VPCEndpoint").values().stream()
                .anyMatch(e -> json(e.get("ServiceName")).contains("bedrock-runtime")), "a bedrock-runtime interface endpoint");
    }

    @Test
    void openAiCompatible_theWorkerGetsTheServer_andTheKeysSecretArn_neverTheKey_andNoBedrockPermission() {
        Synth.Synthesized s = openAi();
        Map<String, Object> env = env(s, "WorkerFunction");
        assertEquals("llm", env.get("SHEETFLOW_ASSISTANT_PLANNER"));
        assertEquals("openai", env.get("SHEETFLOW_ASSISTANT_LLM_PROVIDER"));
        assertEquals("gpt-4o-mini", env.get("SHEETFLOW_ASSISTANT_LLM_MODEL"));
        assertEquals("https://llm.example.com:8443/v1", env.get("SHEETFLOW_ASSISTANT_LLM_BASE_URL"));
        assertEquals(KEY_SECRET, env.get("SHEETFLOW_ASSISTANT_LLM_API_KEY_SECRET_ARN"));
        assertFalse(json(s.json()).contains("SHEETFLOW_ASSISTANT_LLM_API_KEY\""), "no plain-text key variable");
        onlyTheWorkerHasPlannerSettings(s);
        noBedrockAnywhere(s);
        s.template().hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of(ref(s.logicalId("AWS::IAM::Role", "WorkerFunctionRole"))),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                        "Resource", KEY_SECRET)))))))));
        for (String name : List.of("HttpFunction", "WebSocketFunction")) {
            assertTrue(statementsOfRole(s, s.logicalId("AWS::IAM::Role", name + "Role")).stream()
                    .noneMatch(st -> json(st).contains(KEY_SECRET)), name + " cannot read the key");
        }
        String egress = json(s.props("AWS::EC2::SecurityGroup", "FunctionsSecurityGroup").get("SecurityGroupEgress"));
        assertTrue(egress.contains("\"FromPort\":8443"), egress);
    }
}
