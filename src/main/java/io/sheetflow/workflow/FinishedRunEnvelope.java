package io.sheetflow.workflow;

import io.sheetflow.api.ApiMeta;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * For the OpenAPI document only: {@code ApiResponse<FinishedRunView>}, the 200 of {@code execute?wait=N}. The route
 * answers either that or {@code ApiResponse<RunView>} (202), so its return type names neither; micronaut-openapi
 * names the generic envelopes it derives from return types {@code ApiResponse_X_}, and this one matches.
 */
@Schema(name = "ApiResponse_FinishedRunView_", description = "The envelope with a finished run as data")
record FinishedRunEnvelope(FinishedRunView data, String message, ApiMeta meta, int statusCode, long total) {
}
