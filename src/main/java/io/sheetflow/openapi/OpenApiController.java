package io.sheetflow.openapi;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI 3 description of this API, readable without a token (application.yml intercept-url-map). */
@Controller
@Tag(name = "documentation")
public class OpenApiController {
    static final String YAML = "application/yaml";

    private final OpenApiDocument document;

    public OpenApiController(OpenApiDocument document) {
        this.document = document;
    }

    @Get(uri = "/openapi.yml", produces = YAML)
    @Operation(operationId = "getOpenApiDocument", summary = "This document (no token needed)")
    @SecurityRequirements
    public HttpResponse<String> openApi() {
        return HttpResponse.ok(document.yaml()).contentType(YAML);
    }
}
