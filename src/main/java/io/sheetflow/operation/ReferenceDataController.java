package io.sheetflow.operation;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.api.QueryParams;
import io.sheetflow.operation.normalize.NormalizationType;
import io.sheetflow.operation.normalize.NormalizationTypes;
import io.sheetflow.operation.normalize.ParameterSpec;
import io.sheetflow.operation.sql.SqlDialect;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pycelize's lookup endpoints: normalization types (with their parameters on request), and SQL dialects. */
@Controller(Links.API)
@Tag(name = "operations")
@AuthenticatedApi
public class ReferenceDataController {
    private final Envelopes envelopes;

    public ReferenceDataController(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    /**
     * {@code data = {type: description}}, Pycelize's shape; with {@code ?detail=true}
     * {@code data = {type: {description, parameters: [{name, type, default, required, description}]}}}.
     */
    @io.swagger.v3.oas.annotations.Operation(operationId = "listNormalizationTypes")
    @Get("/normalization/types")
    public HttpResponse<ApiResponse<Map<String, Object>>> normalizationTypes(@Nullable @QueryValue String detail) {
        boolean withParameters = QueryParams.bool("detail", detail, false);
        Map<String, Object> types = new LinkedHashMap<>();
        for (NormalizationType type : NormalizationTypes.ALL) {
            if (!withParameters) {
                types.put(type.name(), type.description());
                continue;
            }
            List<Map<String, Object>> parameters = type.parameters().stream().map(ReferenceDataController::parameter).toList();
            types.put(type.name(), Map.of("description", type.description(), "parameters", parameters));
        }
        return envelopes.ok(types, "Normalization types retrieved successfully", types.size());
    }

    @io.swagger.v3.oas.annotations.Operation(operationId = "listSqlDatabases")
    @Get("/sql/databases")
    public HttpResponse<ApiResponse<SqlDatabases>> sqlDatabases() {
        List<String> names = Arrays.stream(SqlDialect.values()).map(SqlDialect::jsonName).toList();
        return envelopes.ok(new SqlDatabases(names), "Supported databases retrieved successfully", names.size());
    }

    private static Map<String, Object> parameter(ParameterSpec spec) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", spec.name());
        view.put("type", spec.type());
        view.put("default", spec.defaultValue());
        view.put("required", spec.required());
        view.put("description", spec.description());
        return view;
    }
}
