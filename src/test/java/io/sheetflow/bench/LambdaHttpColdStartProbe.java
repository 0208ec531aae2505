package io.sheetflow.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.sheetflow.lambda.HttpFunction;
import io.sheetflow.support.LambdaExchange;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs in a fresh JVM on exactly the Lambda artifact's classpath (see {@link LambdaHttpColdStartBenchmark}): creates
 * the handler the way the Lambda runtime does, then times the first and the warm requests. Prints one
 * {@code key=value} line per figure.
 */
public final class LambdaHttpColdStartProbe {
    private LambdaHttpColdStartProbe() {
    }

    public static void main(String[] args) {
        int warm = Integer.parseInt(args.length > 0 ? args[0] : "200");
        String token = System.getenv("BENCH_TOKEN");
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long beforeInit = System.currentTimeMillis();
        HttpFunction function = new HttpFunction();
        long ready = System.currentTimeMillis();
        long t = System.nanoTime();
        int status = call(function, "GET", "/api/v1/health", null, null);
        long firstHealth = System.nanoTime() - t;
        t = System.nanoTime();
        int created = call(function, "POST", "/api/v1/chat/workflows", token, null);
        long firstAuthenticated = System.nanoTime() - t;
        if (status != 200 || created != 201) {
            throw new IllegalStateException("unexpected statuses: health " + status + ", create " + created);
        }
        System.out.println("jvm_to_main_ms=" + (beforeInit - jvmStart));
        System.out.println("handler_init_ms=" + (ready - beforeInit));
        System.out.println("jvm_to_handler_ready_ms=" + (ready - jvmStart));
        System.out.println("first_health_ms=" + firstHealth / 1_000_000.0);
        System.out.println("first_authenticated_db_write_ms=" + firstAuthenticated / 1_000_000.0);
        System.out.println("jvm_to_first_response_ms=" + (ready - jvmStart + firstHealth / 1_000_000));
        System.out.println("warm_health_ms=" + percentiles(function, "/api/v1/health", null, warm));
        System.out.println("warm_list_conversations_ms=" + percentiles(function, "/api/v1/chat/workflows", token, warm));
        function.close();
        System.exit(0); // pools and schedulers keep non-daemon threads; Lambda freezes the process instead
    }

    private static String percentiles(HttpFunction function, String path, String token, int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            int status = call(function, "GET", path, token, null);
            nanos[i] = System.nanoTime() - t;
            if (status != 200) {
                throw new IllegalStateException(path + " answered " + status);
            }
        }
        Arrays.sort(nanos);
        return String.format(java.util.Locale.ROOT, "p50 %.2f p90 %.2f p99 %.2f (n=%d)", nanos[n / 2] / 1e6,
                nanos[(int) (n * 0.9)] / 1e6, nanos[Math.min(n - 1, (int) (n * 0.99))] / 1e6, n);
    }

    private static int call(HttpFunction function, String method, String path, String token, byte[] body) {
        Map<String, String> headers = token == null ? Map.of("accept", "application/json")
                : Map.of("accept", "application/json", "authorization", "Bearer " + token);
        APIGatewayV2HTTPResponse response = function.handleRequest(LambdaExchange.event(method, path, headers, body),
                new MockLambdaContext());
        return response.getStatusCode();
    }
}
