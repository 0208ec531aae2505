package io.sheetflow.preview;

import io.sheetflow.api.ApiException;
import io.sheetflow.assistant.PlannedStep;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.workflow.ExecuteRequest;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preview an assistant's suggestion carries, so the user confirms what they saw: the final step's summary,
 * columns and first rows (or text excerpt) on the first {@link #ROWS} rows of the input. A preview that fails is
 * {@code {"error": "..."}}, never a failed reply.
 */
@Singleton
public class SuggestionPreview {
    static final int ROWS = 20;
    static final int ROWS_SHOWN = 5;
    private static final Logger LOG = LoggerFactory.getLogger(SuggestionPreview.class);

    private final WorkflowPreview preview;

    public SuggestionPreview(WorkflowPreview preview) {
        this.preview = preview;
    }

    public Map<String, Object> of(Conversation conversation, String inputFileId, List<PlannedStep> steps) {
        Map<String, Object> view = new LinkedHashMap<>();
        try {
            List<ExecuteRequest.StepRequest> requested = steps.stream()
                    .map(s -> new ExecuteRequest.StepRequest(s.operation(), s.arguments())).toList();
            WorkflowPreviewResult result = preview.preview(conversation, new PreviewRequest(requested, inputFileId, ROWS));
            StepPreview last = result.steps().get(result.steps().size() - 1);
            view.put("rows_sampled", result.rowsSampled());
            view.put("input_has_more", result.inputHasMore());
            view.put("summary", result.summary());
            view.put("output", last.output());
            view.put("output_filename", last.outputFilename());
            view.put("columns", last.columns());
            view.put("rows", last.rows() == null ? null : last.rows().subList(0, Math.min(ROWS_SHOWN, last.rows().size())));
            view.put("text", last.text());
        } catch (ApiException | OperationFailedException e) {
            view.clear();
            view.put("error", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Preview of a suggestion in conversation {} failed", conversation.id(), e);
            view.clear();
            view.put("error", "The preview could not be made; the workflow itself may still run");
        }
        return view;
    }
}
