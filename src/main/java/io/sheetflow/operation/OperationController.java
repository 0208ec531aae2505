package io.sheetflow.operation;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;

import java.util.List;
import java.util.Map;

/** The operations a workflow step may use, each with the JSON Schema of its arguments (for building forms). */
@Controller(Links.API + "/operations")
@Tag(name = "operations")
@AuthenticatedApi
public class OperationController {
    private final OperationRegistry registry;
    private final Envelopes envelopes;

    public OperationController(OperationRegistry registry, Envelopes envelopes) {
        this.registry = registry;
        this.envelopes = envelopes;
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "listOperations")
    @Get
    public HttpResponse<?> list() {
        List<Map<String, Object>> operations = registry.all().stream()
                .map(o -> Map.<String, Object>of("name", o.name(), "description", o.description(),
                        "arguments_schema", ArgumentSchemas.of(o.argumentsType())))
                .toList();
        return envelopes.ok(Map.of("operations", operations), "Operations retrieved successfully", operations.size());
    }
}
