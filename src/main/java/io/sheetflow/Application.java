package io.sheetflow;

import io.micronaut.runtime.Micronaut;
import io.sheetflow.logging.LogFormat;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "Sheetflow", version = "v1", description = """
                Chat workflows on spreadsheets. Every JSON answer, success or error, is the envelope \
                `{data, message, meta, status_code, total}` (schemas `Envelope` and `ErrorEnvelope`); \
                `status_code` equals the HTTP status. Step operations and their argument schemas: \
                components `OperationArguments.*` and `GET /api/v1/operations`."""))
@SecurityScheme(name = Application.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = """
                `Authorization: Bearer <token>`, where the token is one of: the server token (`sft_...`, \
                the admin), an API key (`sfk_...`, created by an admin with POST /api/v1/admin/api-keys; \
                it acts as its user), or a JWT (HS256 with sheetflow.auth.jwt-secret, or from a JWKS URL).""")
public class Application {
    /** The security scheme of every endpoint but the anonymous ones (openapi/AuthenticatedApi marks the others). */
    public static final String BEARER = "bearer";

    public static void main(String[] args) {
        // Micronaut's ASCII banner is not a log line: left out when the logs are JSON lines.
        Micronaut.build(args).mainClass(Application.class).banner(LogFormat.active() == LogFormat.TEXT).start();
    }
}
