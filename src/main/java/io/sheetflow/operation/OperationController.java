package io.sheetflow.operation;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;

import java.util.List;

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
    public HttpResponse<ApiResponse<OperationInfo.Catalog>> list() {
        List<OperationInfo> operations = registry.all().stream()
                .map(o -> new OperationInfo(o.name(), o.description(), ArgumentSchemas.of(o.argumentsType())))
                .toList();
        return envelopes.ok(new OperationInfo.Catalog(operations), "Operations retrieved successfully", operations.size());
    }
}
