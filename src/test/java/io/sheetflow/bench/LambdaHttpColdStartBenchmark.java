package io.sheetflow.bench;

import io.sheetflow.support.EmbeddedPostgres;
import io.sheetflow.support.JwksIssuer;
import io.sheetflow.support.LambdaArtifact;
import io.sheetflow.support.S3Fixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda artifact's size, and the HTTP function's cold start and warm requests in a fresh JVM whose classpath is
 * exactly the unpacked {@code target/sheetflow-lambda.zip} (no Netty, no H2), with PostgreSQL (embedded) and S3
 * (s3proxy) as on AWS and Lambda's {@code -XX:TieredStopAtLevel=1}. Build the zip first:
 * {@code ./mvnw -B -ntp -Plambda -DskipTests package && ./mvnw -Pbenchmark test -Dtest=LambdaHttpColdStartBenchmark}.
 * Only the run queue and event publisher come from the tests (stand-ins), as SQS and API Gateway are not here.
 */
@Tag("benchmark")
class LambdaHttpColdStartBenchmark {

    @Test
    void coldStart_andWarmRequests_onTheLambdaArtifactsClasspath() throws Exception {
        Path zip = LambdaArtifact.zip();
        Path work = Files.createTempDirectory("sheetflow-coldstart-");
        Path unpacked = work.resolve("task");
        long unpackedBytes = LambdaArtifact.unzip(zip, unpacked);
        ServiceBenchmark.report("lambda artifact: zip %.1f MB, unpacked %.1f MB, %d jars in lib/",
                Files.size(zip) / 1e6, unpackedBytes / 1e6, countJars(unpacked.resolve("lib")));

        Path probe = work.resolve("probe");
        copyTestClasses(probe, "io/sheetflow/bench/LambdaHttpColdStartProbe.class", "io/sheetflow/support/LambdaExchange.class",
                "io/sheetflow/support/HttpExchange.class", "io/sheetflow/support/HttpExchange$Reply.class",
                "io/sheetflow/lambda/InlineRunQueue.class", "io/sheetflow/lambda/$InlineRunQueue$Definition.class",
                "io/sheetflow/lambda/LogOnlyEventPublisher.class", "io/sheetflow/lambda/$LogOnlyEventPublisher$Definition.class",
                "io/sheetflow/lambda/LambdaStandIns.class",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/io.sheetflow.lambda.$InlineRunQueue$Definition",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/io.sheetflow.lambda.$LogOnlyEventPublisher$Definition");

        Map<String, String> s3 = S3Fixture.newBucketProperties();
        Map<String, String> db = EmbeddedPostgres.newDatabaseProperties();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xmx1g",
                "-cp", unpacked + File.pathSeparator + unpacked.resolve("lib") + File.separator + "*" + File.pathSeparator + probe,
                "io.sheetflow.bench.LambdaHttpColdStartProbe", "200"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_REGION", "us-east-1");
        env.put("SHEETFLOW_DATA_DIR", work.resolve("tmp").toString());
        env.put("SHEETFLOW_STORAGE_TYPE", "s3");
        env.put("SHEETFLOW_STORAGE_S3_BUCKET", s3.get("sheetflow.storage.s3.bucket"));
        env.put("SHEETFLOW_STORAGE_S3_ENDPOINT", s3.get("sheetflow.storage.s3.endpoint"));
        env.put("SHEETFLOW_STORAGE_S3_PATH_STYLE_ACCESS", "true");
        env.put("SHEETFLOW_STORAGE_S3_ACCESS_KEY_ID", S3Fixture.ACCESS_KEY);
        env.put("SHEETFLOW_STORAGE_S3_SECRET_KEY", S3Fixture.SECRET_KEY);
        env.put("DATASOURCES_DEFAULT_URL", db.get("datasources.default.url"));
        env.put("DATASOURCES_DEFAULT_DRIVER_CLASS_NAME", "org.postgresql.Driver");
        env.put("DATASOURCES_DEFAULT_USERNAME", db.get("datasources.default.username"));
        env.put("DATASOURCES_DEFAULT_PASSWORD", db.get("datasources.default.password"));
        // Authentication as the stack configures it: RS256 user JWTs checked against the issuer's JWKS URL (fetched
        // without a Micronaut HTTP client, which the artifact lacks) and the issuer claim.
        JwksIssuer issuer = new JwksIssuer();
        env.put("SHEETFLOW_AUTH_JWT_ISSUER", issuer.issuer());
        env.put("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_COGNITO_URL", issuer.jwksUrl());
        env.put("SHEETFLOW_TEST_LAMBDA_STAND_INS", "true");
        // Every Lambda context builds the SQS and management API clients, stand-ins or not: real local endpoints.
        io.sheetflow.lambda.LambdaStandIns.awsEndpoints().forEach((key, value) ->
                env.put(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        env.put("BENCH_TOKEN", issuer.token("bench"));
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            issuer.close();
        }
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), output);
        output.lines().filter(l -> l.matches("^[a-z_]+=.*")).forEach(l -> ServiceBenchmark.report("lambda %s", l));
        ServiceBenchmark.printReport();
    }

    private static long countJars(Path lib) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).count();
        }
    }

    private static void copyTestClasses(Path target, String... paths) throws IOException {
        Path classes = Path.of("target", "test-classes");
        for (String path : paths) {
            Path out = target.resolve(path);
            Files.createDirectories(out.getParent());
            Files.copy(classes.resolve(path), out, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
