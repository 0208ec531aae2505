package io.sheetflow.health;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.file.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Liveness ({@code /health}) and readiness ({@code /health/ready}: database and object store answer). */
@Controller(Links.API + "/health")
@Tag(name = "health")
public class HealthController {
    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);

    private final Envelopes envelopes;
    private final DataSource dataSource;
    private final ObjectStore store;
    private final String version;

    public HealthController(Envelopes envelopes, DataSource dataSource, ObjectStore store,
                            @Value("${sheetflow.version:0.1.0}") String version) {
        this.envelopes = envelopes;
        // The injected DataSource is contextual (needs a surrounding transaction); readiness wants the pool itself.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.store = store;
        this.version = version;
    }

    @Operation(operationId = "health")
    @Get
    public HttpResponse<ApiResponse<HealthStatus>> health() {
        return envelopes.ok(new HealthStatus("healthy", "Sheetflow", version),
                "Service is healthy");
    }

    @Operation(operationId = "readiness")
    @Get("/ready")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", useReturnTypeSchema = true,
            description = "The database and the object store answer")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503", useReturnTypeSchema = true,
            description = "Not ready: `data.checks` names the dependency that failed")
    public HttpResponse<ApiResponse<Readiness>> ready() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", check(() -> {
            try (Connection c = dataSource.getConnection()) {
                if (!c.isValid(2)) {
                    throw new IllegalStateException("connection not valid");
                }
            }
        }));
        checks.put("object_store", check(store::checkAvailable));
        boolean ready = checks.values().stream().allMatch("up"::equals);
        Readiness data = new Readiness(ready, checks);
        return ready ? envelopes.ok(data, "Service is ready")
                : envelopes.respond(HttpStatus.SERVICE_UNAVAILABLE, data, "Service is not ready", 0);
    }

    private static String check(Check check) {
        try {
            check.run();
            return "up";
        } catch (Exception e) {
            LOG.warn("Readiness check failed: {}", e.toString());
            return "down";
        }
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }
}
