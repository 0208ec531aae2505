package io.sheetflow.bench;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationService;
import io.sheetflow.file.FileService;
import io.sheetflow.lambda.WebSocketFunction;
import io.sheetflow.lambda.WorkerFunction;
import io.sheetflow.security.Caller;
import io.sheetflow.support.LambdaApp;
import io.sheetflow.support.TestLambdaContext;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.WorkflowService;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM started by {@link LambdaEventsColdStartBenchmark}: builds one handler with its no-argument
 * constructor, exactly as the Lambda runtime does (configuration comes as system properties, as environment
 * variables would on Lambda), and prints {@code RESULT name value} lines: JVM start to handler ready, the
 * first requests, and warm per-request times.
 */
public final class LambdaEventsColdStartProbe {
    private static final Caller ADMIN = new Caller("local", true);

    private LambdaEventsColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long constructStart = System.nanoTime();
        try {
            switch (args[0]) {
                case "websocket" -> webSocket(new WebSocketFunction(), jvmStart, constructStart);
                case "worker" -> worker(new WorkerFunction(), jvmStart, constructStart);
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void ready(long jvmStart, long constructStart) {
        result("jvm_start_to_ready_ms", System.currentTimeMillis() - jvmStart);
        result("handler_init_ms", (System.nanoTime() - constructStart) / 1e6);
    }

    private static void webSocket(WebSocketFunction function, long jvmStart, long constructStart) {
        ready(jvmStart, constructStart);
        ApplicationContext context = function.getApplicationContext();
        Conversation chat = context.getBean(ConversationService.class).create(ADMIN);
        String token = System.getProperty("sheetflow.auth.token");
        String connection = "bench-" + java.util.UUID.randomUUID() + "=";
        long t = System.nanoTime();
        int status = function.handleRequest(LambdaApp.connect(connection, Map.of("chat_id", chat.id().toString(),
                "token", token), Map.of()), new TestLambdaContext("WebSocketFunction", 30_000)).getStatusCode();
        result("first_connect_ms", (System.nanoTime() - t) / 1e6);
        if (status != 200) {
            throw new IllegalStateException("$connect answered " + status);
        }
        t = System.nanoTime();
        function.handleRequest(LambdaApp.message(connection, "{\"type\":\"ping\"}"), new TestLambdaContext("WebSocketFunction", 30_000));
        result("first_ping_ms", (System.nanoTime() - t) / 1e6);
        List<Double> pings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            t = System.nanoTime();
            function.handleRequest(LambdaApp.message(connection, "{\"type\":\"ping\"}"), new TestLambdaContext("WebSocketFunction", 30_000));
            pings.add((System.nanoTime() - t) / 1e6);
        }
        result("warm_ping_p50_ms", percentile(pings, 50));
        result("warm_ping_p99_ms", percentile(pings, 99));
    }

    private static void worker(WorkerFunction function, long jvmStart, long constructStart) throws Exception {
        ready(jvmStart, constructStart);
        ApplicationContext context = function.getApplicationContext();
        Conversation chat = context.getBean(ConversationService.class).create(ADMIN);
        context.getBean(FileService.class).upload(chat, "tiny.csv", new ByteArrayInputStream(
                "id,name\n1,Ann\n2,Bob\n".getBytes(StandardCharsets.UTF_8)));
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(System.getProperty("sheetflow.aws.sqs-endpoint")))
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        System.getProperty("sheetflow.aws.access-key-id"), System.getProperty("sheetflow.aws.secret-key"))))
                .build()) {
            String queueUrl = System.getProperty("sheetflow.runs.queue-url");
            result("first_run_ms", timedRun(function, context, chat, sqs, queueUrl));
            List<Double> runs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                runs.add(timedRun(function, context, chat, sqs, queueUrl));
            }
            result("warm_run_p50_ms", percentile(runs, 50));
            result("warm_run_max_ms", Collections.max(runs));
        }
    }

    /** Submits a one-step run (csv/info on a 2-row file), takes its message off the queue and times the worker on it. */
    private static double timedRun(WorkerFunction function, ApplicationContext context, Conversation chat, SqsClient sqs,
                                   String queueUrl) {
        context.getBean(WorkflowService.class).submit(chat, new ExecuteRequest(
                List.of(new ExecuteRequest.StepRequest("csv/info", null)), null));
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(5)).messages();
        Message message = messages.get(0);
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        SQSEvent event = LambdaApp.sqsEvent(List.of(Map.entry(message.messageId(), message.body())));
        long t = System.nanoTime();
        var response = function.handleRequest(event, new TestLambdaContext("WorkerFunction", 900_000));
        double ms = (System.nanoTime() - t) / 1e6;
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the run failed to be processed");
        }
        return ms;
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void result(String name, double value) {
        System.out.println(String.format(java.util.Locale.ROOT, "RESULT %s %.1f", name, value));
    }
}
