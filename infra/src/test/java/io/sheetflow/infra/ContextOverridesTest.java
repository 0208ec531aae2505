package io.sheetflow.infra;

import static io.sheetflow.infra.TemplateJson.environment;
import static io.sheetflow.infra.TemplateJson.join;
import static io.sheetflow.infra.TemplateJson.json;
import static io.sheetflow.infra.TemplateJson.list;
import static io.sheetflow.infra.TemplateJson.map;
import static io.sheetflow.infra.TemplateJson.ref;
import static io.sheetflow.infra.TemplateJson.statementsOfRole;
import static io.sheetflow.infra.TemplateJson.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every context option at once (see {@link Synth#OVERRIDE_CONTEXT}), without a jwtIssuer. */
class ContextOverridesTest {

    static Synth.Synthesized s;
    static String webSocketApi;

    @BeforeAll
    static void synth() {
        s = Synth.overrides();
        webSocketApi = s.logicalId("AWS::ApiGatewayV2::Api", "WebSocketApi");
    }

    static List<Map<String, Object>> functions() {
        return s.applicationFunctions();
    }

    @Test
    void stackName_andStageNames_comeFromContext() {
        assertEquals("SheetflowStaging", s.stack().getStackName());
        assertEquals("staging", s.props("AWS::ApiGatewayV2::Stage", "WebSocketStage").get("StageName"));
        assertEquals("v1", s.props("AWS::ApiGatewayV2::Stage", "HttpStage").get("StageName"));
        Object managementEndpoint = join("https://", ref(webSocketApi), ".execute-api.", ref("AWS::Region"), ".",
                ref("AWS::URLSuffix"), "/staging");
        functions().forEach(fn -> assertEquals(managementEndpoint, environment(fn).get("SHEETFLOW_WEBSOCKET_MANAGEMENT_ENDPOINT")));
        assertEquals("sheetflowstaging-db-proxy", s.props("AWS::RDS::DBProxy", "DatabaseProxy").get("DBProxyName"));
    }

    @Test
    void reservedConcurrency_zeroReservesNone_andTheWorkerFollowsItsSqsMaximum() {
        assertFalse(s.props("AWS::Lambda::Function", "HttpFunction").containsKey("ReservedConcurrentExecutions"));
        assertEquals(7, s.props("AWS::Lambda::Function", "WebSocketFunction").get("ReservedConcurrentExecutions"));
        assertEquals(5, s.props("AWS::Lambda::Function", "WorkerFunction").get("ReservedConcurrentExecutions"));
    }

    @Test
    void manageConnections_followsTheStage() {
        for (String name : List.of("HttpFunction", "WebSocketFunction", "WorkerFunction")) {
            String role = s.logicalId("AWS::IAM::Role", name + "Role");
            var manage = statementsOfRole(s, role).stream()
                    .filter(st -> strings(st.get("Action")).contains("execute-api:ManageConnections")).toList();
            assertEquals(1, manage.size());
            String arn = json(manage.get(0).get("Resource"));
            assertTrue(arn.endsWith(json(ref(webSocketApi)) + ",\"/staging/*/@connections/*\"]]}"), arn);
        }
    }

    @Test
    void customDomains_mapEachApi_withTheCertificate_andThePublicUrlUsesTheDomain() {
        var domains = s.ofType("AWS::ApiGatewayV2::DomainName");
        assertEquals(Set.of("api.example.com", "ws.example.com"),
                domains.values().stream().map(d -> d.get("DomainName")).collect(Collectors.toSet()));
        domains.values().forEach(d -> assertTrue(json(d.get("DomainNameConfigurations"))
                .contains(Synth.OVERRIDE_CONTEXT.get("certificateArn").toString())));
        var mappings = s.ofType("AWS::ApiGatewayV2::ApiMapping");
        assertEquals(2, mappings.size());
        assertTrue(mappings.values().stream().anyMatch(m -> m.get("ApiId").equals(ref(webSocketApi))));
        functions().forEach(fn -> assertEquals("https://api.example.com", environment(fn).get("SHEETFLOW_PUBLIC_URL")));
        functions().forEach(fn -> assertEquals("wss://ws.example.com", environment(fn).get("SHEETFLOW_WEBSOCKET_PUBLIC_URL")));
        Map<String, Object> outputs = map(s.json().get("Outputs"));
        assertEquals("https://api.example.com", map(outputs.get("HttpApiUrl")).get("Value"));
        assertEquals("wss://ws.example.com", map(outputs.get("WebSocketUrl")).get("Value"));
        assertTrue(outputs.containsKey("HttpDomainTarget") && outputs.containsKey("WebSocketDomainTarget"));
        // The execute-api URL stays available, with the named stage in its path.
        assertEquals(join("https://", ref(s.logicalId("AWS::ApiGatewayV2::Api", "HttpApi")), ".execute-api.",
                ref("AWS::Region"), ".", ref("AWS::URLSuffix"), "/v1"), map(outputs.get("HttpApiExecuteApiUrl")).get("Value"));
    }

    @Test
    void jwtIssuer_withoutContext_isARequiredParameter_andTheJwksUrlDerivesFromIt() {
        Map<String, Object> parameter = map(map(s.json().get("Parameters")).get("JwtIssuer"));
        assertEquals("String", parameter.get("Type"));
        assertTrue(!parameter.containsKey("Default"), "no default: a deployment must name its issuer");
        assertEquals("^https://\\S+[^/\\s]$", parameter.get("AllowedPattern"));
        functions().forEach(fn -> {
            assertEquals(ref("JwtIssuer"), environment(fn).get("SHEETFLOW_AUTH_JWT_ISSUER"));
            assertEquals(join(ref("JwtIssuer"), "/.well-known/jwks.json"),
                    environment(fn).get("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_COGNITO_URL"));
        });
    }

    @Test
    void workerTimeout_scalesTheQueueVisibility_andTheEventSourceSettingsApply() {
        Map<String, Object> worker = s.props("AWS::Lambda::Function", "WorkerFunction");
        assertEquals(600, worker.get("Timeout"));
        assertEquals(3600, s.props("AWS::SQS::Queue", "RunsQueue").get("VisibilityTimeout"));
        Map<String, Object> mapping = s.ofType("AWS::Lambda::EventSourceMapping").values().iterator().next();
        assertEquals(2, mapping.get("BatchSize"));
        assertEquals(Map.of("MaximumConcurrency", 5), mapping.get("ScalingConfig"));
    }

    @Test
    void corsOrigins_reachTheBucketAndTheApplication() {
        Map<String, Object> bucket = s.props("AWS::S3::Bucket", "FilesBucket");
        Map<String, Object> rule = map(list(map(bucket.get("CorsConfiguration")).get("CorsRules")).get(0));
        assertEquals(List.of("https://app.example.com", "https://admin.example.com"), rule.get("AllowedOrigins"));
        functions().forEach(fn -> assertEquals("https://app.example.com,https://admin.example.com",
                environment(fn).get("SHEETFLOW_CORS_ALLOWED_ORIGINS")));
    }

    @Test
    void outputExpiration_andAlarmEmail_comeFromContext() {
        String rules = json(map(s.props("AWS::S3::Bucket", "FilesBucket").get("LifecycleConfiguration")).get("Rules"));
        assertTrue(rules.contains("\"ExpirationInDays\":7"), rules);
        s.template().hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "ops@example.com",
                "TopicArn", ref(s.logicalId("AWS::SNS::Topic", "AlarmTopic"))));
    }

    @Test
    void network_andDatabaseOptions_comeFromContext() {
        s.template().resourceCountIs("AWS::EC2::NatGateway", 2);
        var interfaceEndpoints = s.ofType("AWS::EC2::VPCEndpoint").values().stream()
                .filter(e -> "Interface".equals(e.get("VpcEndpointType"))).map(TemplateJson::json).toList();
        assertEquals(2, interfaceEndpoints.size());
        assertTrue(interfaceEndpoints.stream().anyMatch(e -> e.contains(".sqs")), interfaceEndpoints.toString());
        assertTrue(interfaceEndpoints.stream().anyMatch(e -> e.contains(".secretsmanager")), interfaceEndpoints.toString());
        Map<String, Object> db = s.props("AWS::RDS::DBInstance", "Database");
        assertEquals("db.t4g.small", db.get("DBInstanceClass"));
        assertEquals(true, db.get("MultiAZ"));
        assertEquals(false, db.get("DeletionProtection"));
    }
}
