package io.sheetflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ElasticMq;
import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.JdkExchange;
import io.sheetflow.support.JwksIssuer;
import io.sheetflow.support.LambdaArtifact;
import io.sheetflow.support.LambdaEventJson;
import io.sheetflow.support.LambdaRuntimeApiEmulator;
import io.sheetflow.support.ManagementApiStandIn;
import io.sheetflow.support.SessionCredentialsS3;
import io.sheetflow.support.SecretsManagerStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.sheetflow.support.ApiClient.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three functions as AWS runs them: the artifact unpacked as the task root, each function in its own JVM started
 * the way the managed Java runtime starts it (AWS's runtime interface client, {@code AWSLambda <handler>}, loading
 * the code through its own class loader from the task root, its working directory), polling a Runtime API emulator for events.
 * The environment is the stack's (handler strings, {@code SHEETFLOW_*}, the database secret's ARN, the JWT issuer)
 * plus the variables Lambda itself always sets, the execution role's session credentials included; only the
 * endpoints of the AWS services point at local stand-ins (PostgreSQL, s3proxy, ElasticMQ, a Secrets Manager and an
 * API Gateway management stand-in). Needs the zip: {@code ./mvnw -Plambda -DskipTests package}, then
 * {@code ./mvnw -Plambda-artifact test}.
 */
@Tag("lambda-artifact")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeClientTest {
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sheetflow-db-AbC123";
    private static final String CHATS = "/api/v1/chat/workflows";
    private static final String CSV = "id,name,email\n1,Ada,ada@example.com\n2,Grace,grace@example.com\n";
    // The execution role's session credentials, as Lambda puts them in every environment.
    private static final String ROLE_ACCESS_KEY = "ASIAEXAMPLEROLEKEY01";
    private static final String ROLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String ROLE_SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEroleSessionToken";

    private final List<FunctionProcess> runtimes = new ArrayList<>();
    private final ManagementApiStandIn managementApi = new ManagementApiStandIn();
    private final JwksIssuer issuer = new JwksIssuer();
    private final SessionCredentialsS3 s3 = new SessionCredentialsS3(ROLE_ACCESS_KEY, ROLE_SESSION_TOKEN);
    private SecretsManagerStub secrets;
    private String queueUrl;
    private FunctionProcess http;
    private FunctionProcess webSocket;
    private FunctionProcess worker;

    @BeforeAll
    void startTheFunctions() throws Exception {
        Path work = Files.createTempDirectory("sheetflow-runtime-client-");
        Path task = work.resolve("task");
        LambdaArtifact.unzip(LambdaArtifact.zip(), task);
        Map<String, String> db = EmbeddedPostgres.newDatabaseProperties();
        String password = UUID.randomUUID().toString();
        ownDatabaseAs(db, "sheetflow_app", password);
        secrets = new SecretsManagerStub(Map.of(SECRET_ARN, JSON.writeValueAsString(Map.of(
                "username", "sheetflow_app", "password", password, "engine", "postgres"))));
        String bucket = s3.createBucket("sheetflow-files-" + UUID.randomUUID().toString().substring(0, 8));
        Path jni = extractRuntimeClientJni(work.resolve("runtime"));
        queueUrl = ElasticMq.newQueue();

        // What infra/SheetflowStack gives every function.
        Map<String, String> stack = new LinkedHashMap<>();
        stack.put("SHEETFLOW_STORAGE_TYPE", "s3");
        stack.put("SHEETFLOW_STORAGE_S3_BUCKET", bucket);
        stack.put("DATASOURCES_DEFAULT_URL", db.get("datasources.default.url"));
        stack.put("DATASOURCES_DEFAULT_DRIVER_CLASS_NAME", "org.postgresql.Driver");
        stack.put("SHEETFLOW_DB_SECRET_ARN", SECRET_ARN);
        stack.put("SHEETFLOW_RUNS_QUEUE_URL", queueUrl);
        stack.put("SHEETFLOW_WEBSOCKET_MANAGEMENT_ENDPOINT", managementApi.endpoint().toString());
        stack.put("SHEETFLOW_AUTH_JWT_ISSUER", issuer.issuer());
        stack.put("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_COGNITO_URL", issuer.jwksUrl());
        stack.put("SHEETFLOW_PUBLIC_URL", "https://api.example.test");
        stack.put("SHEETFLOW_WEBSOCKET_PUBLIC_URL", "wss://ws.example.test/prod");
        // Only here: the AWS services are local stand-ins, reached through endpoint overrides.
        stack.put("SHEETFLOW_STORAGE_S3_ENDPOINT", s3.endpoint().toString());
        stack.put("SHEETFLOW_STORAGE_S3_PATH_STYLE_ACCESS", "true");
        stack.put("SHEETFLOW_AWS_SQS_ENDPOINT", ElasticMq.endpoint().toString());
        stack.put("AWS_SERVICES_SECRETSMANAGER_ENDPOINT_OVERRIDE", secrets.endpoint().toString());

        http = start(work, task, jni, "sheetflow-http", "io.sheetflow.lambda.HttpFunction::handleRequest", 2048, stack);
        Map<String, String> withoutPriming = new LinkedHashMap<>(stack);
        withoutPriming.put("SHEETFLOW_LAMBDA_HTTP_PRIMING_ENABLED", "false");
        webSocket = start(work, task, jni, "sheetflow-websocket", "io.sheetflow.lambda.WebSocketFunction::handleRequest",
                1024, withoutPriming);
        worker = start(work, task, jni, "sheetflow-worker", "io.sheetflow.lambda.WorkerFunction::handleRequest", 2048,
                withoutPriming);
    }

    @AfterAll
    void stopTheFunctions() {
        runtimes.forEach(FunctionProcess::close);
        s3.close();
        managementApi.close();
        issuer.close();
        if (secrets != null) {
            secrets.close();
        }
    }

    @Test
    void httpFunction_answersHealthAndAuthenticatedRequests() throws Exception {
        assertEquals(200, http.http("GET", "/api/v1/health", Map.of(), null).path("statusCode").asInt());
        JsonNode ready = http.http("GET", "/api/v1/health/ready", Map.of(), null);
        assertEquals(200, ready.path("statusCode").asInt(), "database and S3 answer: " + ready);
        assertEquals(401, http.http("GET", CHATS, Map.of(), null).path("statusCode").asInt(),
                "without a token the API refuses");

        String chatId = createChat(issuer.token("ada"));
        JsonNode list = http.http("GET", CHATS, bearer(issuer.token("ada")), null);
        assertEquals(200, list.path("statusCode").asInt(), list.toString());
        assertTrue(LambdaEventJson.responseBody(list).contains(chatId), "the list names the new conversation");
        JsonNode other = http.http("GET", CHATS, bearer(issuer.token("grace")), null);
        assertFalse(LambdaEventJson.responseBody(other).contains(chatId), "another user does not see it");
        assertTrue(s3.accepted() > 0, "the readiness check reached S3");
        assertEquals(List.of(), s3.refused(), "every S3 request carried the role's session credentials");
    }

    @Test
    void webSocketFunction_acceptsConnect_andAnswersPingThroughTheManagementApi() throws Exception {
        String token = issuer.token("ada");
        String chatId = createChat(token);
        String connectionId = "Pg" + UUID.randomUUID().toString().substring(0, 10) + "=";
        JsonNode connected = webSocket.invoke(LambdaEventJson.connect(connectionId, Map.of("chat_id", chatId, "token", token)));
        assertEquals(200, connected.path("statusCode").asInt(), connected.toString());

        JsonNode pinged = webSocket.invoke(LambdaEventJson.message(connectionId, "{\"type\":\"ping\"}"));
        assertEquals(200, pinged.path("statusCode").asInt(), pinged.toString());
        List<String> frames = managementApi.frames(connectionId);
        assertTrue(frames.stream().anyMatch(f -> f.contains("\"pong\"")), "the ping was answered: " + frames);

        JsonNode refused = webSocket.invoke(LambdaEventJson.connect("Rf" + connectionId,
                Map.of("chat_id", chatId, "token", issuer.token("grace"))));
        assertTrue(refused.path("statusCode").asInt() >= 400, "another user's conversation is refused: " + refused);
    }

    @Test
    void workerFunction_runsTheQueuedRun_andItsEventsReachTheConversationsConnection() throws Exception {
        String token = issuer.token("ada");
        String chatId = createChat(token);
        uploadThroughPresignedPut(token, chatId);
        String connectionId = "Wk" + UUID.randomUUID().toString().substring(0, 10) + "=";
        assertEquals(200, webSocket.invoke(LambdaEventJson.connect(connectionId, Map.of("chat_id", chatId, "token", token)))
                .path("statusCode").asInt());

        JsonNode accepted = http.http("POST", CHATS + "/" + chatId + "/execute", json(token),
                "{\"steps\": [{\"operation\": \"csv/convert-to-excel\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(202, accepted.path("statusCode").asInt(), accepted.toString());
        String runId = JSON.readTree(LambdaEventJson.responseBody(accepted)).path("data").path("run_id").asText();

        List<Message> messages = ElasticMq.receive(queueUrl, 10);
        assertEquals(1, messages.size(), "the HTTP function queued the run on SQS");
        JsonNode batch = worker.invoke(LambdaEventJson.sqs(messages.get(0).messageId(), messages.get(0).body()));
        assertEquals(0, batch.path("batchItemFailures").size(), batch.toString());

        JsonNode run = JSON.readTree(LambdaEventJson.responseBody(
                http.http("GET", CHATS + "/" + chatId + "/runs/" + runId, bearer(token), null))).path("data");
        assertEquals("completed", run.path("status").asText(), run.toString());
        List<String> frames = managementApi.frames(connectionId);
        assertTrue(frames.stream().anyMatch(f -> f.contains("\"workflow_completed\"")),
                "the worker posted the run's events to the connection: " + frames);

        String outputId = run.path("steps").get(0).path("output_files").get(0).path("file_id").asText();
        JsonNode download = http.http("GET", CHATS + "/" + chatId + "/files/id/" + outputId, bearer(token), null);
        assertEquals(307, download.path("statusCode").asInt(), download.toString());
        String location = download.path("headers").path("Location").asText(download.path("headers").path("location").asText());
        Reply bytes = JdkExchange.sendTo(URI.create(location), "GET", Map.of(), null);
        assertEquals(200, bytes.status());
        assertTrue(bytes.body().length > 0, "the presigned GET serves the output");
    }

    private String createChat(String token) throws Exception {
        JsonNode created = http.http("POST", CHATS, json(token), null);
        assertEquals(201, created.path("statusCode").asInt(), created.toString());
        return JSON.readTree(LambdaEventJson.responseBody(created)).path("data").path("chat_id").asText();
    }

    /** The direct upload of the Lambda deployment: a ticket, a PUT straight to S3, then complete. */
    private String uploadThroughPresignedPut(String token, String chatId) throws Exception {
        byte[] csv = CSV.getBytes(StandardCharsets.UTF_8);
        JsonNode started = http.http("POST", CHATS + "/" + chatId + "/uploads", json(token),
                ("{\"filename\": \"people.csv\", \"size\": " + csv.length + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, started.path("statusCode").asInt(), started.toString());
        JsonNode ticket = JSON.readTree(LambdaEventJson.responseBody(started)).path("data");
        Map<String, String> headers = new HashMap<>();
        ticket.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Reply put = JdkExchange.sendTo(URI.create(ticket.path("upload_url").asText()), "PUT", headers, csv);
        assertEquals(200, put.status(), put.toString());
        String fileId = ticket.path("file_id").asText();
        JsonNode completed = http.http("POST", CHATS + "/" + chatId + "/uploads/" + fileId + "/complete", json(token), null);
        assertEquals(201, completed.path("statusCode").asInt(), completed.toString());
        return fileId;
    }

    /** Like RDS's master user: a login role with a password, owning the database (the secret holds both). */
    private static void ownDatabaseAs(Map<String, String> db, String role, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.get("datasources.default.url"),
                db.get("datasources.default.username"), db.get("datasources.default.password"));
             Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE " + role + " LOGIN; END IF; END $$");
            s.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
            s.execute("ALTER DATABASE " + c.getCatalog() + " OWNER TO " + role);
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> json(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private FunctionProcess start(Path work, Path task, Path jni, String functionName, String handler, int memoryMb,
                          Map<String, String> stack) throws Exception {
        String arn = "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName;
        LambdaRuntimeApiEmulator api = new LambdaRuntimeApiEmulator(arn);
        Path log = work.resolve(functionName + ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-Xmx" + (memoryMb / 2) + "m",
                // As the managed runtime does: the client's native library from the runtime's own folder (else
                // each JVM unpacks it to the same /tmp file, and one rewriting it under another crashed it: SIGBUS).
                "-D" + JNI_PROPERTY + "=" + jni,
                "-cp", runtimeClientClassPath(),
                AWSLambda.class.getName(), handler);
        // The runtime client takes the task root from its working directory, as Lambda starts it in /var/task.
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.putAll(stack);
        // What Lambda sets in every execution environment, the role's session credentials included.
        env.put("_HANDLER", handler);
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("LAMBDA_RUNTIME_DIR", work.resolve("runtime").toString());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/06/[$LATEST]0123456789abcdef0123456789abcdef");
        env.put("AWS_ACCESS_KEY_ID", ROLE_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", ROLE_SECRET_KEY);
        env.put("AWS_SESSION_TOKEN", ROLE_SESSION_TOKEN);
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000");
        // Lambda's /tmp: the one writable place.
        env.put("SHEETFLOW_DATA_DIR", Files.createDirectories(work.resolve("tmp-" + functionName)).toString());
        Process process = builder.start();
        FunctionProcess runtime = new FunctionProcess(functionName, api, process, log);
        process.onExit().thenRun(() -> api.fail(functionName + " exited with " + process.exitValue() + ":\n" + runtime.log()));
        runtimes.add(runtime);
        return runtime;
    }

    /** The runtime client's native library for this platform, unpacked once from its jar as the runtime ships it. */
    private static Path extractRuntimeClientJni(Path runtimeDir) throws IOException {
        Path jni = Files.createDirectories(runtimeDir.resolve("lib/jni")).resolve("libaws-lambda-jni.linux-x86_64.so");
        try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/libaws-lambda-jni.linux-x86_64.so")) {
            assertNotNull(in, "the runtime client jar carries its native library");
            Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
        }
        return jni;
    }

    /**
     * What the managed runtime puts on the system class path: the runtime client and its own dependencies (its
     * pom's compile scope: the core and serialization libraries and the SDK's utils-lite, which it uses for the
     * trace id).
     */
    private static String runtimeClientClassPath() throws URISyntaxException {
        List<String> jars = new ArrayList<>();
        for (Class<?> type : List.of(AWSLambda.class, Context.class, PojoSerializer.class, SdkInternalThreadLocal.class)) {
            jars.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, jars);
    }

    /** One function's execution environment: its Runtime API emulator and its process. */
    private record FunctionProcess(String name, LambdaRuntimeApiEmulator api, Process process, Path logFile) {
        JsonNode invoke(String event) throws Exception {
            try {
                return JSON.readTree(api.invoke(event).get(2, TimeUnit.MINUTES));
            } catch (ExecutionException e) {
                throw new AssertionError(name + ": the runtime client reported " + e.getCause().getMessage()
                        + "\n--- function log ---\n" + log(), e.getCause());
            }
        }

        JsonNode http(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
            return invoke(LambdaEventJson.http(method, path, headers, body));
        }

        String log() {
            try {
                String all = Files.readString(logFile);
                return all.length() > 20_000 ? all.substring(all.length() - 20_000) : all;
            } catch (java.io.IOException e) {
                return "(no log: " + e + ")";
            }
        }

        void close() {
            process.destroyForcibly();
            api.close();
        }
    }
}
