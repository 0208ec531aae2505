package io.sheetflow.health;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.realtime.LocalEventHub;
import io.sheetflow.workflow.RunQueue;


/** Live connection and queue counts of this server. */
@Controller(Links.API + "/stats")
@Tag(name = "health")
@AuthenticatedApi
@Requires(notEnv = "lambda")
public class StatsController {
    private final Envelopes envelopes;
    private final LocalEventHub hub;
    private final RunQueue queue;

    public StatsController(Envelopes envelopes, LocalEventHub hub, RunQueue queue) {
        this.envelopes = envelopes;
        this.hub = hub;
        this.queue = queue;
    }

    @Operation(operationId = "stats")
    @Get
    public HttpResponse<ApiResponse<Stats>> stats() {
        return envelopes.ok(new Stats(hub.stats(), queue.stats()), "Statistics retrieved successfully");
    }
}
