package io.sheetflow.workflow;

import io.sheetflow.api.Links;
import io.sheetflow.file.FileView;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Assembles runs with their steps and output files, fresh from the database. */
@Singleton
public class RunViews {
    private final WorkflowStepRepository steps;
    private final StoredFileRepository files;
    private final RunQueue queue;
    private final Links links;

    public RunViews(WorkflowStepRepository steps, StoredFileRepository files, RunQueue queue, Links links) {
        this.steps = steps;
        this.files = files;
        this.queue = queue;
        this.links = links;
    }

    public RunView view(WorkflowRun run) {
        return views(List.of(run)).get(0);
    }

    public List<RunView> views(List<WorkflowRun> runs) {
        if (runs.isEmpty()) {
            return List.of();
        }
        List<WorkflowStep> allSteps = steps.findByRunIdInOrderByStepIndex(runs.stream().map(WorkflowRun::id).toList());
        List<UUID> outputIds = allSteps.stream().flatMap(s -> outputIds(s).stream()).toList();
        Map<UUID, StoredFile> outputs = outputIds.isEmpty() ? Map.of()
                : files.findByIdIn(outputIds).stream().collect(Collectors.toMap(StoredFile::id, Function.identity()));
        Map<UUID, List<WorkflowStep>> byRun = allSteps.stream().collect(Collectors.groupingBy(WorkflowStep::runId));
        List<RunView> views = new ArrayList<>(runs.size());
        for (WorkflowRun run : runs) {
            List<StepView> stepViews = byRun.getOrDefault(run.id(), List.of()).stream()
                    .map(s -> stepView(run, s, outputs)).toList();
            Integer position = run.status() == RunStatus.QUEUED ? queue.position(run.id()).orElse(null) : null;
            views.add(new RunView(run.id(), run.conversationId(), run.status(), position, run.inputFileId(),
                    run.cancelRequested(), run.error(), run.createdAt(), run.startedAt(), run.finishedAt(), stepViews,
                    runLinks(run)));
        }
        return views;
    }

    private StepView stepView(WorkflowRun run, WorkflowStep step, Map<UUID, StoredFile> outputs) {
        List<FileView> files = outputIds(step).stream().map(outputs::get).filter(java.util.Objects::nonNull)
                .map(f -> FileView.of(f, links.fileDownload(run.conversationId(), f.id()))).toList();
        return new StepView(step.id(), step.stepIndex(), step.operation(), step.arguments(), step.status(),
                step.progress(), step.rowsDone(), step.rowsTotal(), step.inputFileId(), files, step.result(),
                step.error(), step.startedAt(), step.finishedAt());
    }

    private Map<String, String> runLinks(WorkflowRun run) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("self", links.run(run.conversationId(), run.id()));
        map.put("cancel", links.run(run.conversationId(), run.id()) + "/cancel");
        map.put("events", links.events(run.conversationId()));
        map.put("websocket", links.webSocket(run.conversationId()));
        return map;
    }

    static List<UUID> outputIds(WorkflowStep step) {
        if (step.outputFileIds() == null || step.outputFileIds().isBlank()) {
            return List.of();
        }
        return Arrays.stream(step.outputFileIds().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(UUID::fromString).toList();
    }
}
