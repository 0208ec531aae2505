package io.sheetflow.support;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One in-process ElasticMQ (a real SQS protocol server) on 127.0.0.1 for the test run; a fresh queue per caller. */
public final class ElasticMq {
    public static final String ACCESS_KEY = "sheetflow-test";
    public static final String SECRET_KEY = "sheetflow-test-secret";
    private static SQSRestServer server;
    private static URI endpoint;

    private ElasticMq() {
    }

    public static synchronized URI endpoint() {
        if (server == null) {
            server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            int port = server.waitUntilStarted().localAddress().getPort();
            endpoint = URI.create("http://127.0.0.1:" + port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stopAndWait()));
        }
        return endpoint;
    }

    public static SqsClient client() {
        return SqsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates a queue; returns its URL. */
    public static String newQueue() {
        try (SqsClient sqs = client()) {
            return sqs.createQueue(b -> b.queueName("runs-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        }
    }

    /** Properties that point Sheetflow's SQS client and run queue at the queue. */
    public static Map<String, String> queueProperties(String queueUrl) {
        return Map.of(
                "sheetflow.runs.queue-url", queueUrl,
                "sheetflow.aws.sqs-endpoint", endpoint().toString(),
                "sheetflow.aws.region", "us-east-1",
                "sheetflow.aws.access-key-id", ACCESS_KEY,
                "sheetflow.aws.secret-key", SECRET_KEY);
    }

    /** Receives (and deletes) up to {@code max} messages, waiting up to a second for the first. */
    public static List<Message> receive(String queueUrl, int max) {
        try (SqsClient sqs = client()) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max)
                    .waitTimeSeconds(1)).messages();
            messages.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
            return messages;
        }
    }
}
