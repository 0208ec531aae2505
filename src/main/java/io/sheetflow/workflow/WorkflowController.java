package io.sheetflow.workflow;

import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.micronaut.http.MediaType;
import io.sheetflow.api.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.recipe.RecipeApplication;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.security.RateLimiter;

import java.time.Duration;
import java.util.List;

@Controller(Links.CHATS)
@Tag(name = "runs")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class WorkflowController {
    private static final int MAX_WAIT_SECONDS = 300;

    private final WorkflowService workflows;
    private final WorkflowRunRepository runs;
    private final RunViews views;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final Envelopes envelopes;
    private final RateLimiter rateLimiter;
    private final Duration maxWait;
    private final RecipeApplication recipes;

    /**
     * @param maxWait the longest a request waits for its run, whatever {@code wait} asks (on Lambda 25 s:
     *                API Gateway ends a request after 29 s while the function would keep waiting)
     */
    public WorkflowController(WorkflowService workflows, WorkflowRunRepository runs, RunViews views,
                              ConversationAccess access, CallerResolver callers, Envelopes envelopes,
                              RateLimiter rateLimiter,
                              @Value("${sheetflow.runs.max-wait:300s}") Duration maxWait,
                              RecipeApplication recipes) {
        this.maxWait = maxWait;
        this.recipes = recipes;
        this.workflows = workflows;
        this.runs = runs;
        this.views = views;
        this.access = access;
        this.callers = callers;
        this.envelopes = envelopes;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Accepts a run (202). With {@code wait=N} seconds, answers 200 with the final result when the run ends
     * in time (with Pycelize's {@code results} beside the steps), else still 202.
     */
    @Operation(operationId = "executeWorkflow", requestBody = @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecuteRequest.class),
            examples = @ExampleObject(name = "extract then convert", value = """
                    {"input_file": "sales.xlsx", "steps": [
                      {"operation": "excel/extract-columns-to-file", "arguments": {"columns": ["Region", "Total"]}},
                      {"operation": "excel/convert-to-csv", "arguments": {}}]}"""))))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202",
            description = "Accepted: the run, queued or running (follow it with getRun or the events)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = "#/components/schemas/ApiResponse_RunView_")))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200",
            description = "With wait=N, the run ended in time: the run, with Pycelize's `results` (one per step, "
                    + "with its download_url) beside the steps in data",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FinishedRunEnvelope.class)))
    @Post("/{chatId}/execute")
    public HttpResponse<?> execute(HttpRequest<?> request, @PathVariable String chatId,
                                   @Nullable @QueryValue String wait, @Nullable @Body ExecuteRequest body) {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        Duration asked = parseWait(wait);
        Duration waitFor = asked.compareTo(maxWait) > 0 ? maxWait : asked;
        rateLimiter.acquire(caller, RateLimiter.Kind.RUN);
        WorkflowRun run = workflows.submit(c, recipes.expand(caller, c, body));
        if (!waitFor.isZero()) {
            run = workflows.await(run, waitFor);
            if (run.status().isTerminal()) {
                return envelopes.ok(FinishedRunView.of(views.view(run)), "Workflow " + run.status().value());
            }
        }
        String message = waitFor.equals(asked) ? "Workflow accepted"
                : "Workflow accepted; waited " + seconds(waitFor) + " s, not the " + seconds(asked)
                + " s asked: this deployment caps wait at " + seconds(maxWait) + " s (API Gateway ends requests after 29 s)";
        return envelopes.respond(HttpStatus.ACCEPTED, views.view(run), message, 0);
    }

    @Operation(operationId = "listRuns")
    @Get("/{chatId}/runs")
    public HttpResponse<ApiResponse<RunList>> list(HttpRequest<?> request, @PathVariable String chatId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        List<RunView> all = views.views(runs.findByConversationIdOrderByCreatedAt(c.id()));
        return envelopes.ok(new RunList(all, all.size()), "Runs retrieved successfully", all.size());
    }

    @Operation(operationId = "getRun")
    @Get("/{chatId}/runs/{runId}")
    public HttpResponse<ApiResponse<RunView>> get(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String runId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        return envelopes.ok(views.view(workflows.require(c, runId)), "Run retrieved successfully");
    }

    @Operation(operationId = "cancelRun")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", useReturnTypeSchema = true,
            description = "Cancellation requested: the running step stops at its next progress check")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", useReturnTypeSchema = true,
            description = "Cancelled before it started (it was still queued)")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict",
            description = "The run has already ended")
    @Post("/{chatId}/runs/{runId}/cancel")
    public HttpResponse<ApiResponse<RunView>> cancel(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String runId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        WorkflowRun run = workflows.cancel(c, workflows.require(c, runId));
        if (run.status().isTerminal()) {
            return envelopes.ok(views.view(run), "Run cancelled");
        }
        return envelopes.respond(HttpStatus.ACCEPTED, views.view(run),
                "Cancellation requested: the running step stops at its next progress check", 0);
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static Duration parseWait(String wait) {
        if (wait == null || wait.isBlank()) {
            return Duration.ZERO;
        }
        try {
            double seconds = Double.parseDouble(wait.strip());
            if (seconds < 0 || seconds > MAX_WAIT_SECONDS || Double.isNaN(seconds)) {
                throw ApiException.invalid("wait", "wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
            }
            return Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("wait", "wait must be a number of seconds, got '" + wait + "'");
        }
    }
}
