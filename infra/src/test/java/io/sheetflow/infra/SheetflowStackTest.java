package io.sheetflow.infra;

import static io.sheetflow.infra.TemplateJson.actions;
import static io.sheetflow.infra.TemplateJson.allIdentityStatements;
import static io.sheetflow.infra.TemplateJson.environment;
import static io.sheetflow.infra.TemplateJson.getAtt;
import static io.sheetflow.infra.TemplateJson.join;
import static io.sheetflow.infra.TemplateJson.json;
import static io.sheetflow.infra.TemplateJson.list;
import static io.sheetflow.infra.TemplateJson.map;
import static io.sheetflow.infra.TemplateJson.ref;
import static io.sheetflow.infra.TemplateJson.statementsOfRole;
import static io.sheetflow.infra.TemplateJson.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/** The stack on default settings (only the JWT issuer given): resources and their security properties. */
class SheetflowStackTest {

    static Synth.Synthesized s;
    static String bucket;
    static String webSocketApi;
    static String httpApi;
    static String runsQueue;
    static String deadLetterQueue;
    static String dbSecret;

    static final Map<String, String> HANDLERS = Map.of(
            "HttpFunction", "io.sheetflow.lambda.HttpFunction::handleRequest",
            "WebSocketFunction", "io.sheetflow.lambda.WebSocketFunction::handleRequest",
            "WorkerFunction", "io.sheetflow.lambda.WorkerFunction::handleRequest");

    @BeforeAll
    static void synth() {
        s = Synth.defaults();
        bucket = s.logicalId("AWS::S3::Bucket", "FilesBucket");
        webSocketApi = s.logicalId("AWS::ApiGatewayV2::Api", "WebSocketApi");
        httpApi = s.logicalId("AWS::ApiGatewayV2::Api", "HttpApi");
        runsQueue = s.logicalId("AWS::SQS::Queue", "RunsQueue");
        deadLetterQueue = s.logicalId("AWS::SQS::Queue", "RunsDeadLetterQueue");
        dbSecret = s.logicalId("AWS::SecretsManager::SecretTargetAttachment", "DatabaseSecretAttachment");
    }

    static Map<String, Object> function(String name) {
        return s.props("AWS::Lambda::Function", name);
    }

    static String role(String function) {
        return s.logicalId("AWS::IAM::Role", function + "Role");
    }

    // --- S3 -------------------------------------------------------------------------------------------------

    @Test
    void bucket_isEncrypted_andBlocksAllPublicAccess() {
        Map<String, Object> props = s.props("AWS::S3::Bucket", "FilesBucket");
        assertEquals("AES256", json(props.get("BucketEncryption")).replaceAll(".*\"SSEAlgorithm\":\"([^\"]+)\".*", "$1"));
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), props.get("PublicAccessBlockConfiguration"));
        assertEquals("BucketOwnerEnforced", json(props.get("OwnershipControls")).replaceAll(".*\"ObjectOwnership\":\"([^\"]+)\".*", "$1"));
        assertEquals("Retain", s.resources().get(bucket).get("DeletionPolicy"), "files outlive the stack");
    }

    @Test
    void bucketPolicy_deniesEveryRequestWithoutTls() {
        Map<String, Object> policy = s.props("AWS::S3::BucketPolicy", "FilesBucketPolicy");
        assertEquals(ref(bucket), policy.get("Bucket"));
        List<Object> statements = list(map(policy.get("PolicyDocument")).get("Statement"));
        Object bucketArn = getAtt(bucket, "Arn");
        assertTrue(statements.contains(Map.of(
                "Action", "s3:*",
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                "Effect", "Deny",
                "Principal", Map.of("AWS", "*"),
                "Resource", List.of(bucketArn, join(bucketArn, "/*")))), json(statements));
        assertTrue(json(statements).contains("\"NumericLessThan\":{\"s3:TlsVersion\":1.2}"), "TLS 1.2 minimum");
    }

    @Test
    void bucketLifecycle_abortsIncompleteUploads_andExpiresStatelessOutputs() {
        List<Object> rules = list(map(s.props("AWS::S3::Bucket", "FilesBucket").get("LifecycleConfiguration")).get("Rules"));
        assertTrue(rules.contains(Map.of("Id", "abort-incomplete-multipart-uploads", "Status", "Enabled",
                "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))), json(rules));
        assertTrue(rules.contains(Map.of("Id", "expire-stateless-outputs", "Status", "Enabled", "ExpirationInDays", 2,
                "Prefix", "stateless/")), json(rules));
    }

    @Test
    void bucketCors_byDefaultOnlyTheWebUiMayPutAndGet_onlyTheConfiguredOriginsBesideIt() {
        List<Object> defaults = list(map(s.props("AWS::S3::Bucket", "FilesBucket").get("CorsConfiguration")).get("CorsRules"));
        assertEquals(1, defaults.size(), "no other origin (let alone *) by default");
        Map<String, Object> webUi = map(defaults.get(0));
        assertEquals(SheetflowStack.WEB_UI_CORS_RULE, webUi.get("Id"));
        assertEquals(List.of("GET", "HEAD", "PUT"), webUi.get("AllowedMethods"), "the UI's presigned uploads and downloads");
        assertEquals(List.of("Content-Type"), webUi.get("AllowedHeaders"), "the one header a presigned upload sets (signed)");
        List<Object> origins = list(webUi.get("AllowedOrigins"));
        assertEquals(1, origins.size(), json(origins));
        assertTrue(json(origins).contains(s.logicalId("AWS::CloudFront::Distribution", "WebUiDistribution")), json(origins));
        var o = Synth.overrides();
        List<Object> rules = list(map(o.props("AWS::S3::Bucket", "FilesBucket").get("CorsConfiguration")).get("CorsRules"));
        assertEquals(2, rules.size());
        Map<String, Object> rule = map(rules.get(0));
        assertTrue(strings(rule.get("AllowedMethods")).contains("PUT"));
        assertEquals(List.of("*"), rule.get("AllowedHeaders"), "presigned PUTs carry Content-Type and checksum headers");
        assertEquals(List.of("ETag"), rule.get("ExposedHeaders"));
        assertEquals(List.of("https://app.example.com", "https://admin.example.com"), rule.get("AllowedOrigins"));
    }

    // --- Functions ------------------------------------------------------------------------------------------

    @Test
    void functions_runJava21_withSnapStartOnPublishedVersions_andTheContractHandlers() {
        assertEquals(3, s.applicationFunctions().size());
        assertEquals(4, s.ofType("AWS::Lambda::Function").size(), "and CDK's BucketDeployment handler (the web UI)");
        HANDLERS.forEach((name, handler) -> {
            Map<String, Object> fn = function(name);
            assertEquals("java21", fn.get("Runtime"), name);
            assertEquals(Map.of("ApplyOn", "PublishedVersions"), fn.get("SnapStart"), name);
            assertEquals(handler, fn.get("Handler"), name);
            assertTrue(json(fn.get("Code")).contains(".zip"), name + " deploys the zip asset");
            assertTrue(((Map<?, ?>) fn.get("VpcConfig")).containsKey("SubnetIds"), name + " runs in the VPC");
        });
        assertEquals(2048, function("HttpFunction").get("MemorySize"));
        assertEquals(2048, function("WorkerFunction").get("MemorySize"));
        assertEquals(30, function("HttpFunction").get("Timeout"));
        assertEquals(900, function("WorkerFunction").get("Timeout"));
        Set<Object> code = s.applicationFunctions().stream().map(f -> f.get("Code")).collect(Collectors.toSet());
        assertEquals(1, code.size(), "the three functions deploy the same artifact");
    }

    @Test
    void functions_haveTheEnvironmentContract() {
        Object managementEndpoint = join("https://", ref(webSocketApi), ".execute-api.", ref("AWS::Region"), ".",
                ref("AWS::URLSuffix"), "/prod");
        Object publicUrl = join("https://", ref(httpApi), ".execute-api.", ref("AWS::Region"), ".", ref("AWS::URLSuffix"));
        String proxy = s.logicalId("AWS::RDS::DBProxy", "DatabaseProxy");
        for (String name : HANDLERS.keySet()) {
            Map<String, Object> env = environment(function(name));
            assertEquals("s3", env.get("SHEETFLOW_STORAGE_TYPE"), name);
            assertEquals(ref(bucket), env.get("SHEETFLOW_STORAGE_S3_BUCKET"), name);
            assertEquals(join("jdbc:postgresql://", getAtt(proxy, "Endpoint"),
                    ":5432/sheetflow?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"),
                    env.get("DATASOURCES_DEFAULT_URL"), name + ": the proxy's certificate and host name are verified");
            assertEquals("org.postgresql.Driver", env.get("DATASOURCES_DEFAULT_DRIVER_CLASS_NAME"), name);
            assertEquals(ref(dbSecret), env.get("SHEETFLOW_DB_SECRET_ARN"), name);
            assertEquals(ref(runsQueue), env.get("SHEETFLOW_RUNS_QUEUE_URL"), name);
            assertEquals(managementEndpoint, env.get("SHEETFLOW_WEBSOCKET_MANAGEMENT_ENDPOINT"), name);
            assertEquals(Synth.ISSUER, env.get("SHEETFLOW_AUTH_JWT_ISSUER"), name + ": trailing slash removed");
            assertEquals(Synth.ISSUER + "/.well-known/jwks.json",
                    env.get("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_COGNITO_URL"), name);
            assertEquals(publicUrl, env.get("SHEETFLOW_PUBLIC_URL"), name);
            assertFalse(env.containsKey("SHEETFLOW_CORS_ALLOWED_ORIGINS"), name + ": same-origin API by default");
        }
    }

    @Test
    void fastStartJavaOptions_onlyOnTheRequestHandlers_theWorkerKeepsC2() {
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                environment(function("HttpFunction")).get("JAVA_TOOL_OPTIONS"));
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                environment(function("WebSocketFunction")).get("JAVA_TOOL_OPTIONS"));
        assertNull(environment(function("WorkerFunction")).get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void httpRoutePriming_onlyInTheHttpFunction() {
        assertNull(environment(function("HttpFunction")).get("SHEETFLOW_LAMBDA_HTTP_PRIMING_ENABLED"));
        assertEquals("false", environment(function("WebSocketFunction")).get("SHEETFLOW_LAMBDA_HTTP_PRIMING_ENABLED"));
        assertEquals("false", environment(function("WorkerFunction")).get("SHEETFLOW_LAMBDA_HTTP_PRIMING_ENABLED"));
    }

    @Test
    void everyEntryPoint_invokesThePublishedVersionThroughTheLiveAlias() {
        assertEquals(3, s.ofType("AWS::Lambda::Version").size());
        for (String name : HANDLERS.keySet()) {
            String fn = s.logicalId("AWS::Lambda::Function", name);
            Map<String, Object> alias = s.props("AWS::Lambda::Alias", name + "Alias");
            assertEquals("live", alias.get("Name"));
            assertEquals(ref(fn), alias.get("FunctionName"));
            String version = s.logicalId("AWS::Lambda::Version", name + "CurrentVersion");
            assertEquals(getAtt(version, "Version"), alias.get("FunctionVersion"), name);
        }
        String httpAlias = s.logicalId("AWS::Lambda::Alias", "HttpFunctionAlias");
        String wsAlias = s.logicalId("AWS::Lambda::Alias", "WebSocketFunctionAlias");
        var integrations = s.ofType("AWS::ApiGatewayV2::Integration").values();
        assertEquals(4, integrations.size());
        for (Map<String, Object> integration : integrations) {
            String uri = json(integration.get("IntegrationUri"));
            assertEquals("AWS_PROXY", integration.get("IntegrationType"));
            if (integration.get("ApiId").equals(ref(httpApi))) {
                assertEquals(ref(httpAlias), integration.get("IntegrationUri"));
                assertEquals("2.0", integration.get("PayloadFormatVersion"));
            } else {
                assertTrue(uri.contains(json(ref(wsAlias))), uri);
            }
        }
        // Invoke permissions are granted on the aliases, never on the unqualified functions.
        for (Map<String, Object> permission : s.ofType("AWS::Lambda::Permission").values()) {
            assertTrue(Set.of(ref(httpAlias), ref(wsAlias)).contains(permission.get("FunctionName")), json(permission));
            assertEquals("apigateway.amazonaws.com", permission.get("Principal"));
        }
    }

    @Test
    void worker_consumesTheRunQueue_throughItsAlias_withPartialBatchFailures() {
        var mappings = s.ofType("AWS::Lambda::EventSourceMapping");
        assertEquals(1, mappings.size());
        Map<String, Object> mapping = mappings.values().iterator().next();
        assertEquals(getAtt(runsQueue, "Arn"), mapping.get("EventSourceArn"));
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
        assertEquals(1, mapping.get("BatchSize"));
        assertEquals(Map.of("MaximumConcurrency", 10), mapping.get("ScalingConfig"));
        String fn = json(mapping.get("FunctionName"));
        assertTrue(fn.contains(s.logicalId("AWS::Lambda::Alias", "WorkerFunctionAlias")) && fn.contains(":live"), fn);
    }

    @Test
    void logGroups_keepOneMonth_andEachFunctionLogsToItsOwnGroup() {
        var all = s.ofType("AWS::Logs::LogGroup");
        assertEquals(5, all.size(), "three functions, the HTTP API's access logs and the VPC's flow logs");
        all.values().forEach(g -> assertEquals(30, g.get("RetentionInDays")));
        var groups = all.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("HttpApiAccessLogs") && !e.getKey().startsWith("VpcFlowLogs"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<Object> used = HANDLERS.keySet().stream()
                .map(name -> map(function(name).get("LoggingConfig")).get("LogGroup")).collect(Collectors.toSet());
        assertEquals(groups.keySet().stream().map(TemplateJson::ref).collect(Collectors.toSet()), used);
        for (String name : HANDLERS.keySet()) {
            Object ownGroup = map(function(name).get("LoggingConfig")).get("LogGroup");
            String groupId = (String) map(ownGroup).get("Ref");
            var logStatements = statementsOfRole(s, role(name)).stream()
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("logs:"))).toList();
            assertEquals(1, logStatements.size(), name);
            assertEquals(getAtt(groupId, "Arn"), logStatements.get(0).get("Resource"), name + " writes only its own logs");
        }
    }

    // --- SQS ------------------------------------------------------------------------------------------------

    @Test
    void runQueue_visibilityIsAtLeastSixTimesTheWorkerTimeout_andRedrivesAfterThreeReceives() {
        Map<String, Object> queue = s.props("AWS::SQS::Queue", "RunsQueue");
        int workerTimeout = (Integer) function("WorkerFunction").get("Timeout");
        int visibility = (Integer) queue.get("VisibilityTimeout");
        assertTrue(visibility >= 6 * workerTimeout, visibility + " < 6 x " + workerTimeout);
        assertEquals(Map.of("deadLetterTargetArn", getAtt(deadLetterQueue, "Arn"), "maxReceiveCount", 3),
                queue.get("RedrivePolicy"));
        assertEquals(true, queue.get("SqsManagedSseEnabled"));
        assertEquals(true, s.props("AWS::SQS::Queue", "RunsDeadLetterQueue").get("SqsManagedSseEnabled"));
        assertEquals(1209600, s.props("AWS::SQS::Queue", "RunsDeadLetterQueue").get("MessageRetentionPeriod"));
    }

    @Test
    void deadLetterQueue_alarmsOnAnyVisibleMessage() {
        Map<String, Object> alarm = s.props("AWS::CloudWatch::Alarm", "RunsDeadLetterAlarm");
        assertEquals("AWS/SQS", alarm.get("Namespace"));
        assertEquals("ApproximateNumberOfMessagesVisible", alarm.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "QueueName", "Value", getAtt(deadLetterQueue, "QueueName"))), alarm.get("Dimensions"));
        assertEquals(0, ((Number) alarm.get("Threshold")).intValue());
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
        assertEquals(1, alarm.get("EvaluationPeriods"));
        assertEquals(List.of(ref(s.logicalId("AWS::SNS::Topic", "AlarmTopic"))), alarm.get("AlarmActions"));
    }

    @Test
    void functions_reserveConcurrency_theWorkerAsMuchAsItsSqsEventSourceMayUse() {
        assertEquals(50, function("HttpFunction").get("ReservedConcurrentExecutions"));
        assertEquals(20, function("WebSocketFunction").get("ReservedConcurrentExecutions"));
        assertEquals(10, function("WorkerFunction").get("ReservedConcurrentExecutions"));
        Map<String, Object> mapping = s.ofType("AWS::Lambda::EventSourceMapping").values().iterator().next();
        assertEquals(Map.of("MaximumConcurrency", 10), mapping.get("ScalingConfig"));
    }

    @Test
    void alarms_onEveryFunctionsErrorsAndThrottles_andTheApisServerErrors_notifyTheAlarmTopic() {
        Object topic = ref(s.logicalId("AWS::SNS::Topic", "AlarmTopic"));
        for (String fn : List.of("Http", "WebSocket", "Worker")) {
            for (String kind : List.of("Errors", "Throttles")) {
                Map<String, Object> alarm = s.props("AWS::CloudWatch::Alarm", fn + "Function" + kind + "Alarm");
                assertEquals("AWS/Lambda", alarm.get("Namespace"));
                assertEquals(kind, alarm.get("MetricName"));
                String dimensions = json(alarm.get("Dimensions"));
                assertTrue(dimensions.contains(s.logicalId("AWS::Lambda::Function", fn + "Function"))
                        && dimensions.contains(":live"), fn + " " + kind + " watches the live alias: " + dimensions);
                assertEquals(1, ((Number) alarm.get("Threshold")).intValue());
                assertEquals("GreaterThanOrEqualToThreshold", alarm.get("ComparisonOperator"));
                assertEquals(List.of(topic), alarm.get("AlarmActions"));
            }
        }
        Map<String, Object> http5xx = s.props("AWS::CloudWatch::Alarm", "HttpApi5xxAlarm");
        assertEquals("AWS/ApiGateway", http5xx.get("Namespace"));
        assertEquals("5xx", http5xx.get("MetricName"));
        assertTrue(json(http5xx.get("Dimensions")).contains(s.logicalId("AWS::ApiGatewayV2::Api", "HttpApi")));
        assertEquals(List.of(topic), http5xx.get("AlarmActions"));
        Map<String, Object> ws = s.props("AWS::CloudWatch::Alarm", "WebSocketApiErrorsAlarm");
        assertEquals("IntegrationError", ws.get("MetricName"));
        assertEquals(List.of(topic), ws.get("AlarmActions"));
    }

    // --- APIs -----------------------------------------------------------------------------------------------

    @Test
    void httpApi_defaultStage_withOneCatchAllRoute() {
        assertEquals("HTTP", s.props("AWS::ApiGatewayV2::Api", "HttpApi").get("ProtocolType"));
        Map<String, Object> stage = s.props("AWS::ApiGatewayV2::Stage", "HttpStage");
        assertEquals("$default", stage.get("StageName"));
        assertEquals(true, stage.get("AutoDeploy"));
        assertEquals(ref(httpApi), stage.get("ApiId"));
        Map<String, Object> accessLog = map(stage.get("AccessLogSettings"));
        assertEquals(getAtt(s.logicalId("AWS::Logs::LogGroup", "HttpApiAccessLogs"), "Arn"), accessLog.get("DestinationArn"));
        assertTrue(String.valueOf(accessLog.get("Format")).contains("$context.requestId"));
        assertFalse(String.valueOf(accessLog.get("Format")).contains("querystring"), "tokens never reach the access log");
        Map<String, Object> throttle = map(stage.get("DefaultRouteSettings"));
        assertEquals(SheetflowStack.HTTP_THROTTLE_RATE, ((Number) throttle.get("ThrottlingRateLimit")).intValue());
        assertEquals(SheetflowStack.HTTP_THROTTLE_BURST, ((Number) throttle.get("ThrottlingBurstLimit")).intValue());
        var routes = s.ofType("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> r.get("ApiId").equals(ref(httpApi))).toList();
        assertEquals(1, routes.size());
        assertEquals("$default", routes.get(0).get("RouteKey"));
    }

    @Test
    void webSocketApi_routesConnectDisconnectAndDefault_onItsStage() {
        assertEquals("WEBSOCKET", s.props("AWS::ApiGatewayV2::Api", "WebSocketApi").get("ProtocolType"));
        Map<String, Object> stage = s.props("AWS::ApiGatewayV2::Stage", "WebSocketStage");
        assertEquals("prod", stage.get("StageName"));
        assertEquals(ref(webSocketApi), stage.get("ApiId"));
        assertEquals(true, stage.get("AutoDeploy"));
        Map<String, Object> throttle = map(stage.get("DefaultRouteSettings"));
        assertEquals(SheetflowStack.WEBSOCKET_THROTTLE_RATE, ((Number) throttle.get("ThrottlingRateLimit")).intValue());
        assertEquals(SheetflowStack.WEBSOCKET_THROTTLE_BURST, ((Number) throttle.get("ThrottlingBurstLimit")).intValue());
        Set<Object> keys = s.ofType("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> r.get("ApiId").equals(ref(webSocketApi))).map(r -> r.get("RouteKey")).collect(Collectors.toSet());
        assertEquals(Set.of("$connect", "$disconnect", "$default"), keys);
    }

    // --- IAM ------------------------------------------------------------------------------------------------

    @Test
    void iam_noWildcardActions_andResourceStarOnlyWhereAwsRequiresIt() {
        var statements = allIdentityStatements(s);
        assertFalse(statements.isEmpty());
        for (Map<String, Object> st : statements) {
            assertEquals("Allow", st.get("Effect"), json(st));
            assertFalse(st.containsKey("NotAction") || st.containsKey("NotResource"), json(st));
            for (String action : actions(st)) {
                assertFalse(action.contains("*"), "wildcard action " + action + " in " + json(st));
            }
            if (list(st.get("Resource")).contains("*")) {
                // EC2 ENI management for VPC functions: Describe* has no resource-level permissions.
                assertEquals(Set.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"),
                        Set.copyOf(actions(st)), json(st));
            }
        }
        for (String name : HANDLERS.keySet()) {
            Map<String, Object> role = s.ofType("AWS::IAM::Role").get(role(name));
            assertNull(role.get("ManagedPolicyArns"), name + ": no managed policies (they grant logs:* on *)");
            assertTrue(json(role.get("AssumeRolePolicyDocument")).contains("lambda.amazonaws.com"));
        }
    }

    @Test
    void iam_manageConnections_onlyOnThisWebSocketApisStage_forTheFunctionsThatPost() {
        Object connectionsArn = join("arn:", ref("AWS::Partition"), ":execute-api:", ref("AWS::Region"), ":",
                ref("AWS::AccountId"), ":", ref(webSocketApi), "/prod/*/@connections/*");
        for (String name : HANDLERS.keySet()) {
            var manage = statementsOfRole(s, role(name)).stream()
                    .filter(st -> actions(st).contains("execute-api:ManageConnections")).toList();
            assertEquals(1, manage.size(), name);
            assertEquals(List.of("execute-api:ManageConnections"), actions(manage.get(0)), name);
            assertEquals(connectionsArn, manage.get(0).get("Resource"), name);
        }
        long everywhere = allIdentityStatements(s).stream().filter(st -> json(st).contains("execute-api:")).count();
        assertEquals(3, everywhere);
    }

    @Test
    void iam_s3_onlyOnThisBucket_andOnlyForTheHttpAndWorkerFunctions() {
        Object bucketArn = getAtt(bucket, "Arn");
        for (String name : List.of("HttpFunction", "WorkerFunction")) {
            var s3 = statementsOfRole(s, role(name)).stream()
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("s3:"))).toList();
            assertEquals(2, s3.size(), name);
            for (Map<String, Object> st : s3) {
                Object resource = st.get("Resource");
                if (actions(st).equals(List.of("s3:ListBucket"))) {
                    assertEquals(bucketArn, resource, name);
                } else {
                    assertEquals(join(bucketArn, "/*"), resource, name);
                    assertTrue(actions(st).containsAll(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")), name);
                    assertTrue(actions(st).stream().allMatch(a -> a.matches("s3:[A-Za-z]+")), name);
                }
            }
        }
        assertTrue(statementsOfRole(s, role("WebSocketFunction")).stream()
                .noneMatch(st -> actions(st).stream().anyMatch(a -> a.startsWith("s3:"))), "WebSocket function: no S3");
        // Nothing else in the stack may touch S3 except through this bucket's ARN.
        allIdentityStatements(s).stream().filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("s3:")))
                .forEach(st -> assertTrue(json(st.get("Resource")).contains(bucket), json(st)));
    }

    @Test
    void iam_sqs_sendOnlyFromHttp_consumeOnlyInTheWorker() {
        Map<String, List<String>> sqs = HANDLERS.keySet().stream().collect(Collectors.toMap(n -> n,
                n -> statementsOfRole(s, role(n)).stream().peek(st -> {
                    if (actions(st).stream().anyMatch(a -> a.startsWith("sqs:"))) {
                        assertEquals(getAtt(runsQueue, "Arn"), st.get("Resource"), n);
                    }
                }).flatMap(st -> actions(st).stream()).filter(a -> a.startsWith("sqs:")).sorted().toList()));
        assertEquals(List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"), sqs.get("HttpFunction"));
        assertEquals(List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl", "sqs:ReceiveMessage"), sqs.get("WorkerFunction"));
        assertEquals(List.of(), sqs.get("WebSocketFunction"));
    }

    @Test
    void iam_secretRead_onlyTheDatabaseSecret_andNoIamDatabaseAuth() {
        for (String name : HANDLERS.keySet()) {
            var secret = statementsOfRole(s, role(name)).stream()
                    .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("secretsmanager:"))).toList();
            assertEquals(1, secret.size(), name);
            assertEquals(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"), actions(secret.get(0)));
            assertEquals(ref(dbSecret), secret.get(0).get("Resource"), name);
        }
        assertTrue(allIdentityStatements(s).stream().noneMatch(st -> json(st).contains("rds-db:")),
                "the proxy authenticates with the secret's password, not IAM: no rds-db:connect");
    }

    // --- Database and network -------------------------------------------------------------------------------

    @Test
    void database_isPrivateEncryptedPostgres_reachedThroughARdsProxyThatRequiresTls() {
        Map<String, Object> db = s.props("AWS::RDS::DBInstance", "Database");
        assertEquals("postgres", db.get("Engine"));
        assertTrue(String.valueOf(db.get("EngineVersion")).startsWith("16."));
        assertEquals("sheetflow", db.get("DBName"));
        assertEquals(true, db.get("StorageEncrypted"));
        assertEquals(false, db.get("PubliclyAccessible"));
        assertEquals(true, db.get("DeletionProtection"));
        assertEquals("Snapshot", s.resources().get(s.logicalId("AWS::RDS::DBInstance", "Database")).get("DeletionPolicy"));
        assertTrue(json(db.get("MasterUserPassword")).contains("resolve:secretsmanager"), "the password lives in Secrets Manager");
        assertEquals("Retain", s.resources().get(s.logicalId("AWS::SecretsManager::Secret", "SheetflowDatabaseSecret")).get("DeletionPolicy"),
                "the secret outlives the stack like the database's snapshot");
        Map<String, Object> proxy = s.props("AWS::RDS::DBProxy", "DatabaseProxy");
        assertEquals("POSTGRESQL", proxy.get("EngineFamily"));
        assertEquals(true, proxy.get("RequireTLS"));
        assertEquals(List.of(Map.of("AuthScheme", "SECRETS", "IAMAuth", "DISABLED", "SecretArn", ref(dbSecret))), proxy.get("Auth"));
        assertEquals("sheetflow-db-proxy", proxy.get("DBProxyName"));
        assertTrue(json(proxy.get("VpcSubnetIds")).contains("Vpcdatabase"), "the proxy sits in the isolated subnets");
    }

    @Test
    void network_functionsReachOnlyTheProxy_onThePostgresPort_andHttpsOut() {
        Map<String, Object> sg = s.props("AWS::EC2::SecurityGroup", "FunctionsSecurityGroup");
        assertEquals(List.of(Map.of("CidrIp", "0.0.0.0/0", "Description",
                "HTTPS to AWS APIs (S3, SQS, Secrets Manager, API Gateway management) and the JWKS URL",
                "FromPort", 443, "IpProtocol", "tcp", "ToPort", 443)), sg.get("SecurityGroupEgress"));
        String functionsSg = s.logicalId("AWS::EC2::SecurityGroup", "FunctionsSecurityGroup");
        String proxySg = s.logicalId("AWS::EC2::SecurityGroup", "DatabaseProxyProxySecurityGroup");
        String dbSg = s.logicalId("AWS::EC2::SecurityGroup", "DatabaseSecurityGroup");
        s.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", getAtt(proxySg, "GroupId"), "SourceSecurityGroupId", getAtt(functionsSg, "GroupId"),
                "FromPort", 5432, "ToPort", 5432, "IpProtocol", "tcp"));
        s.template().hasResourceProperties("AWS::EC2::SecurityGroupEgress", Map.of(
                "GroupId", getAtt(functionsSg, "GroupId"), "DestinationSecurityGroupId", getAtt(proxySg, "GroupId"),
                "FromPort", 5432, "ToPort", 5432));
        s.template().hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "GroupId", getAtt(dbSg, "GroupId"), "SourceSecurityGroupId", getAtt(proxySg, "GroupId")));
        // Only the proxy may reach the database.
        s.ofType("AWS::EC2::SecurityGroupIngress").values().stream()
                .filter(r -> r.get("GroupId").equals(getAtt(dbSg, "GroupId")))
                .forEach(r -> assertEquals(getAtt(proxySg, "GroupId"), r.get("SourceSecurityGroupId")));
        s.template().resourceCountIs("AWS::EC2::NatGateway", 1);
        s.template().hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway", "ServiceName", Match.objectLike(Map.of())));
        assertTrue(json(s.ofType("AWS::EC2::VPCEndpoint")).contains(".s3"), "S3 gateway endpoint");
    }

    @Test
    void outputs_nameTheUrlsTheBucketAndTheQueue() {
        Map<String, Object> outputs = map(s.json().get("Outputs"));
        for (String key : List.of("HttpApiUrl", "WebSocketUrl", "BucketName", "RunsQueueUrl", "WebSocketManagementEndpoint")) {
            assertTrue(outputs.containsKey(key), key + " in " + outputs.keySet());
        }
        assertEquals(ref(bucket), map(outputs.get("BucketName")).get("Value"));
        assertEquals(ref(runsQueue), map(outputs.get("RunsQueueUrl")).get("Value"));
        assertEquals(join("wss://", ref(webSocketApi), ".execute-api.", ref("AWS::Region"), ".", ref("AWS::URLSuffix"), "/prod"),
                map(outputs.get("WebSocketUrl")).get("Value"));
        assertEquals(environment(function("HttpFunction")).get("SHEETFLOW_PUBLIC_URL"), map(outputs.get("HttpApiUrl")).get("Value"));
        for (String name : List.of("HttpFunction", "WebSocketFunction", "WorkerFunction")) {
            assertEquals(map(outputs.get("WebSocketUrl")).get("Value"),
                    environment(function(name)).get("SHEETFLOW_WEBSOCKET_PUBLIC_URL"), name + ": run links name the WebSocket API");
        }
        assertEquals("Sheetflow", s.stack().getStackName());
        assertNull(s.json().get("Parameters") == null ? null : map(s.json().get("Parameters")).get("JwtIssuer"),
                "a jwtIssuer from context leaves no parameter");
    }
}
