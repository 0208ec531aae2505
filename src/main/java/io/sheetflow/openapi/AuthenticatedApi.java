package io.sheetflow.openapi;

import io.sheetflow.Application;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For the OpenAPI document only: the endpoints of the annotated controller (or the annotated method) need the
 * bearer token and may answer the usual errors, each an {@code ErrorEnvelope} (src/main/openapi/components.yml).
 * Endpoints without it are documented as anonymous, so put it on every controller the security rules protect.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@SecurityRequirement(name = Application.BEARER)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "404", ref = "#/components/responses/NotFound")
@ApiResponse(responseCode = "422", ref = "#/components/responses/ValidationError")
@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
@ApiResponse(responseCode = "500", ref = "#/components/responses/InternalError")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
public @interface AuthenticatedApi {
}
