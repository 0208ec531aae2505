package io.sheetflow.contract;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.sheetflow.lambda.HttpFunction;
import io.sheetflow.lambda.LambdaStandIns;
import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.HttpExchange;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.LambdaExchange;
import io.sheetflow.support.S3Fixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract through the Lambda HTTP handler ({@link HttpFunction#handleRequest} with API Gateway v2 events),
 * with S3 on s3proxy and PostgreSQL: uploads PUT straight to s3proxy, downloads redirect to presigned GETs.
 */
class LambdaControllerContractTest extends ControllerContract {
    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf012";
    private ApplicationContext context;
    private HttpExchange exchange;

    @BeforeAll
    void start() throws Exception {
        var properties = commonProperties(Files.createTempDirectory("sheetflow-contract-lambda-"));
        properties.putAll(S3Fixture.newBucketProperties());
        properties.putAll(EmbeddedPostgres.newDatabaseProperties());
        properties.put("sheetflow.public-url", "https://abc123.execute-api.eu-west-1.amazonaws.com");
        properties.put(LambdaStandIns.PROPERTY, "true");
        properties.putAll(LambdaStandIns.awsEndpoints());
        properties.put("sheetflow.auth.jwt-issuer", ISSUER);
        context = new LambdaApplicationContextBuilder().properties(properties).build().start();
        exchange = new LambdaExchange(new HttpFunction(context));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Override
    protected HttpExchange exchange() {
        return exchange;
    }

    @Override
    protected ApplicationContext context() {
        return context;
    }

    @Override
    protected boolean downloadsRedirect() {
        return true;
    }

    @Override
    protected String issuer() {
        return ISSUER;
    }

    @Test
    void jwtFromAnotherIssuer_isRefused() {
        Reply foreign = get(jwt("alice", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"), CHATS);
        assertEquals(401, foreign.status(), foreign.toString());
        assertEquals(401, get(jwt("alice", null), CHATS).status(), "a JWT without iss");
    }

    @Test
    void multipartUploads_areRefusedWith415_pointingToDirectUploads() {
        String chat = newChat(alice);
        String boundary = "----sheetflow" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + new String(PEOPLE_CSV, StandardCharsets.UTF_8) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + alice,
                "Content-Type", "multipart/form-data; boundary=" + boundary);
        for (String path : new String[] {CHATS + "/" + chat + "/upload", "/api/v1/csv/info"}) {
            Reply refused = exchange.send("POST", path, headers, body);
            assertEquals(415, refused.status(), refused.toString());
            assertEnvelope(refused);
            assertTrue(refused.json().get("message").asText().contains("/uploads"), refused.toString());
        }
    }
}
