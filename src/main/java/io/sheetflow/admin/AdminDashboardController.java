package io.sheetflow.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.openapi.AuthenticatedApi;
import io.sheetflow.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Admin-only: the dashboard's snapshot, the same one {@code /admin/stream} pushes (docs/admin-dashboard.md). */
@Controller(Links.API + "/admin/dashboard")
@Tag(name = "admin")
@AuthenticatedApi
@Secured(Roles.ADMIN)
@Requires(notEnv = "lambda")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminDashboardController {
    private final AdminDashboard dashboard;
    private final Envelopes envelopes;

    public AdminDashboardController(AdminDashboard dashboard, Envelopes envelopes) {
        this.dashboard = dashboard;
        this.envelopes = envelopes;
    }

    @Operation(operationId = "adminDashboard", description = "Queue, runs per minute, failures, connections, storage "
            + "and slowest operations; admins only. Live updates: the /admin/stream WebSocket.")
    @Get
    public HttpResponse<ApiResponse<DashboardSnapshot>> snapshot() {
        return envelopes.ok(dashboard.snapshot(), "Dashboard retrieved successfully");
    }
}
