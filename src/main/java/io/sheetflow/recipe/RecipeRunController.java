package io.sheetflow.recipe;

import io.sheetflow.openapi.AuthenticatedApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.sheetflow.api.ApiResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sheetflow.api.Envelopes;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.conversation.ConversationAccess;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.security.Caller;
import io.sheetflow.security.CallerResolver;
import io.sheetflow.workflow.ExecuteRequest.StepRequest;
import io.sheetflow.workflow.WorkflowRun;
import io.sheetflow.workflow.WorkflowService;
import io.sheetflow.workflow.WorkflowStep;
import io.sheetflow.workflow.WorkflowStepRepository;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recipes in a conversation: a run's steps exported as a recipe, and a recipe checked against a file. */
@Controller(Links.CHATS)
@Tag(name = "recipes")
@AuthenticatedApi
@ExecuteOn(TaskExecutors.BLOCKING)
public class RecipeRunController {
    private final WorkflowService workflows;
    private final WorkflowStepRepository steps;
    private final StoredFileRepository files;
    private final ConversationAccess access;
    private final CallerResolver callers;
    private final RecipeFormat format;
    private final RecipeApplication application;
    private final ObjectMapper mapper;
    private final Envelopes envelopes;

    public RecipeRunController(WorkflowService workflows, WorkflowStepRepository steps, StoredFileRepository files,
                               ConversationAccess access, CallerResolver callers, RecipeFormat format,
                               RecipeApplication application, ObjectMapper mapper, Envelopes envelopes) {
        this.workflows = workflows;
        this.steps = steps;
        this.files = files;
        this.access = access;
        this.callers = callers;
        this.format = format;
        this.application = application;
        this.mapper = mapper;
        this.envelopes = envelopes;
    }

    /** {@code {"recipe": {...}} or {"recipe_id": "..."}, "input_file"?, "column_map"?}} */
    public record CheckRequest(@Nullable JsonNode recipe, @Nullable String recipeId, @Nullable String inputFile,
                               @Nullable Map<String, String> columnMap) {
    }

    @Operation(operationId = "exportRunRecipe")
    @Get("/{chatId}/runs/{runId}/recipe")
    public HttpResponse<ApiResponse<RecipeDocument>> export(HttpRequest<?> request, @PathVariable String chatId, @PathVariable String runId) {
        Conversation c = access.require(callers.resolve(request), chatId);
        WorkflowRun run = workflows.require(c, runId);
        List<StepRequest> recipeSteps = new ArrayList<>();
        for (WorkflowStep step : steps.findByRunIdOrderByStepIndex(run.id())) {
            recipeSteps.add(new StepRequest(step.operation(), readArguments(step.arguments())));
        }
        String input = run.inputFileId() == null ? null
                : files.findById(run.inputFileId()).map(f -> f.displayName()).orElse(null);
        String title = (c.title() != null && !c.title().isBlank() ? c.title() : "Workflow")
                + (input != null ? " on " + input : "");
        return envelopes.ok(format.of(title, recipeSteps), "Recipe of the run");
    }

    @Operation(operationId = "checkRecipe")
    @Post("/{chatId}/recipes/check")
    public HttpResponse<ApiResponse<RecipeApplication.Check>> check(HttpRequest<?> request, @PathVariable String chatId, @Nullable @Body CheckRequest body) {
        Caller caller = callers.resolve(request);
        Conversation c = access.require(caller, chatId);
        CheckRequest asked = body == null ? new CheckRequest(null, null, null, null) : body;
        RecipeDocument recipe = application.resolve(caller, asked.recipe(), asked.recipeId());
        RecipeApplication.Check check = application.check(c, recipe, asked.inputFile(), asked.columnMap());
        return envelopes.ok(check, check.ok() ? "The file has every column the recipe needs"
                : "The file lacks " + check.missing().size() + " column(s) the recipe needs");
    }

    private JsonNode readArguments(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
