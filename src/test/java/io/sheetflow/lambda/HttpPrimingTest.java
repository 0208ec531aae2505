package io.sheetflow.lambda;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.sheetflow.support.S3Fixture;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart readiness without AWS: the checkpoint hooks prime the function, then the pool is suspended. */
class HttpPrimingTest {

    @Test
    void beforeCheckpoint_primesTheFunction_thenSuspendsThePool_andRestoreResumesIt() throws Exception {
        Map<String, Object> properties = new HashMap<>(S3Fixture.newBucketProperties());
        properties.put("sheetflow.data-dir", Files.createTempDirectory("sheetflow-priming-").toString());
        properties.put("sheetflow.auth.jwt-secret", "priming-test-secret-long-enough-for-hs256!");
        properties.put(LambdaStandIns.PROPERTY, "true");
        properties.putAll(LambdaStandIns.awsEndpoints());
        try (ApplicationContext context = new LambdaApplicationContextBuilder().properties(properties)
                .environments("test").build().start()) { // "test" enables micronaut-crac's CheckpointSimulator
            HttpPriming priming = context.getBean(HttpPriming.class);
            List<String> primed = priming.prime();
            assertEquals(List.of("GET /api/v1/health -> 200", "GET /api/v1/health/ready -> 200",
                    "GET /api/v1/chat/workflows -> 401",
                    "POST /api/v1/chat/workflows/00000000-0000-0000-0000-000000000000/uploads -> 401",
                    "JSON round trip"), primed);

            HikariDataSource pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            CheckpointSimulator checkpoint = context.getBean(CheckpointSimulator.class);
            checkpoint.runBeforeCheckpoint();
            assertEquals(0, pool.getHikariPoolMXBean().getTotalConnections(), "connections closed for the snapshot");
            checkpoint.runAfterRestore();
            try (var c = pool.getConnection()) {
                assertTrue(c.isValid(5), "the pool serves again after restore");
            }
        }
    }
}
