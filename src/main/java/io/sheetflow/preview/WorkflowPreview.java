package io.sheetflow.preview;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.conversation.Conversation;
import io.sheetflow.file.FileService;
import io.sheetflow.file.StoredFile;
import io.sheetflow.file.StoredFileRepository;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.StepResult;
import io.sheetflow.sheet.CellText;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.work.WorkDirectory;
import io.sheetflow.workflow.ExecuteRequest;
import io.sheetflow.workflow.StepContext;
import io.sheetflow.workflow.WorkflowService;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a workflow's steps on the first rows of its input, in a temporary folder deleted before answering: no run,
 * event, message or stored file. The steps are validated by the same code as {@code execute}; a step that fails
 * on the sample (a missing column, an unreadable sheet) is a 422 naming the step.
 */
@Singleton
public class WorkflowPreview {
    public static final int DEFAULT_ROWS = 20;
    public static final int MAX_ROWS = 1000;
    private static final Set<SheetFormat> TABLES = Set.of(SheetFormat.CSV, SheetFormat.XLSX, SheetFormat.XLS);

    private final WorkflowService workflows;
    private final StoredFileRepository files;
    private final FileService fileService;
    private final OperationRegistry operations;
    private final PreviewSettings settings;
    private final Path previewDir;

    public WorkflowPreview(WorkflowService workflows, StoredFileRepository files, FileService fileService,
                           OperationRegistry operations, PreviewSettings settings, WorkDirectory workDirectory) {
        this.workflows = workflows;
        this.files = files;
        this.fileService = fileService;
        this.operations = operations;
        this.settings = settings;
        this.previewDir = workDirectory.previews();
    }

    /**
     * @throws ApiException 422 naming the step, argument or {@code rows} at fault (an unknown input or bind file too, as
     *                      in execute); 413 when the rows asked for are beyond the preview's read limits
     */
    public WorkflowPreviewResult preview(Conversation conversation, PreviewRequest request) throws IOException {
        int rows = rows(request == null ? null : request.rows());
        List<ExecuteRequest.StepRequest> steps = request == null ? null : request.steps();
        workflows.validateSteps(steps);
        StoredFile input = workflows.resolveInput(conversation, request.inputFile());
        SheetFormat format = SheetFormat.fromFileName(input.displayName()).orElse(SheetFormat.TEXT);
        if (!TABLES.contains(format)) {
            throw ApiException.unsupportedType("'" + input.displayName() + "' is not a table (.xlsx, .xls or .csv):"
                    + " a workflow preview reads the rows of a table");
        }
        Path work = Files.createTempDirectory(previewDir, "workflow-");
        try {
            return run(conversation, input, format, steps, rows, work);
        } finally {
            WorkDirectory.deleteQuietly(work);
        }
    }

    private WorkflowPreviewResult run(Conversation conversation, StoredFile input, SheetFormat format,
                                      List<ExecuteRequest.StepRequest> steps, int rows, Path work) throws IOException {
        String sheetName = steps.get(0).arguments() == null ? null
                : text(steps.get(0).arguments().get("sheet_name"));
        InputSample.Sample sample;
        try {
            sample = InputSample.write(fileService.materialise(input, work), format, input.displayName(), sheetName,
                    rows, work.resolve("sample"), settings);
        } catch (OperationFailedException e) {
            if (sheetName != null && e.getMessage() != null && e.getMessage().startsWith("Worksheet named")) {
                throw ApiException.invalid("steps[0].arguments.sheet_name", "Step 1: " + e.getMessage());
            }
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "UnreadableFile",
                    "'" + input.displayName() + "' could not be read: " + e.getMessage(), null);
        }
        String baseName = InputFile.baseName(input.displayName());
        InputFile current = new InputFile(input.id().toString(), baseName + "." + sample.format().extension(),
                sample.format(), sample.file(), Files.size(sample.file()));
        SampledTable before = sample.table();
        List<StepPreview> previews = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ExecuteRequest.StepRequest step = steps.get(i);
            Operation<?> operation = operations.find(step.operation().strip()).orElseThrow();
            Path stepDir = Files.createDirectories(work.resolve("step-" + i));
            int index = i;
            StepContext context = new StepContext(current, stepDir, ProgressReporter.NONE,
                    (nameOrId, dir) -> conversationFile(conversation, index, nameOrId, dir));
            StepResult result = execute(i, operation, step.arguments(), context);
            Map<String, Object> data = result == null || result.data() == null ? Map.of() : result.data();
            // the first output written is the next step's input, as in a run
            OutputFile output = context.outputs().stream().filter(o -> Files.exists(o.path())).findFirst().orElse(null);
            StepPreview preview;
            if (output == null) {
                preview = new StepPreview(i, operation.name(), "none", null, null, null, null, null, false, data,
                        new PreviewSummary(before.totalRows(), null, null, null, null, errorsByReason(data)));
            } else {
                SheetFormat outputFormat = SheetFormat.fromExtension(output.extension()).orElse(SheetFormat.TEXT);
                current = new InputFile(input.id().toString(), output.displayName(), outputFormat, output.path(),
                        Files.size(output.path()));
                if (TABLES.contains(outputFormat)) {
                    SampledTable after = readOutput(i, operation, output.path(), outputFormat, rows);
                    preview = new StepPreview(i, operation.name(), "table", output.displayName(), after.columns(),
                            after.columnTypes(), after.jsonRows(), null, false, data, summary(before, after, data));
                    before = after;
                } else {
                    Excerpt excerpt = excerpt(output.path(), rows);
                    preview = new StepPreview(i, operation.name(), "text", output.displayName(), null, null, null,
                            excerpt.text(), excerpt.truncated(), data,
                            new PreviewSummary(before.totalRows(), null, null, null, null, errorsByReason(data)));
                }
            }
            previews.add(preview);
        }
        return new WorkflowPreviewResult(input.id(), input.displayName(), sample.table().sheetName(), rows,
                sample.table().rows().size(), sample.hasMore(), sample.table().columns(), previews,
                previews.get(previews.size() - 1).summary());
    }

    private static int rows(Integer rows) {
        if (rows == null) {
            return DEFAULT_ROWS;
        }
        if (rows < 1 || rows > MAX_ROWS) {
            throw ApiException.invalid("rows", "rows must be between 1 and " + MAX_ROWS + ", got " + rows);
        }
        return rows;
    }

    private InputFile conversationFile(Conversation conversation, int step, String nameOrId, Path dir) throws IOException {
        String wanted = nameOrId == null ? "" : nameOrId.strip();
        StoredFile file = workflows.findInput(conversation, wanted).orElseThrow(() -> ApiException.invalid("steps[" + step + "]",
                "Step " + (step + 1) + ": file '" + wanted + "' is not a file of this conversation"));
        return fileService.materialiseInput(file, dir);
    }

    private <A> StepResult execute(int index, Operation<A> operation, JsonNode arguments, StepContext context)
            throws IOException {
        String prefix = "steps[" + index + "]";
        String step = "Step " + (index + 1) + " (" + operation.name() + "): ";
        try {
            return operation.execute(operations.bind(operation, arguments), context);
        } catch (InvalidArgumentException e) {
            throw ApiException.invalid(prefix + ".arguments." + e.field(), step + e.getMessage());
        } catch (OperationFailedException e) {
            throw ApiException.invalid(prefix, step + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(step + "failed", e);
        }
    }

    private static SampledTable readOutput(int index, Operation<?> operation, Path file, SheetFormat format, int rows)
            throws IOException {
        try (TableReader reader = TableReaders.open(file, format, null)) {
            return SampledTable.read(reader, rows);
        } catch (OperationFailedException e) {
            throw ApiException.invalid("steps[" + index + "]", "Step " + (index + 1) + " (" + operation.name()
                    + "): its output could not be read: " + e.getMessage());
        }
    }

    private static PreviewSummary summary(SampledTable before, SampledTable after, Map<String, Object> data) {
        List<String> added = after.columns().stream().filter(c -> !before.columns().contains(c)).toList();
        List<String> removed = before.columns().stream().filter(c -> !after.columns().contains(c)).toList();
        return new PreviewSummary(before.totalRows(), after.totalRows(), cellsChanged(before, after), added, removed,
                errorsByReason(data));
    }

    /** Cells of the columns both tables have whose text differs, row by row; null when the row counts differ. */
    private static Long cellsChanged(SampledTable before, SampledTable after) {
        if (before.totalRows() != after.totalRows() || before.rows().size() != before.totalRows()
                || after.rows().size() != after.totalRows()) {
            return null;
        }
        long changed = 0;
        for (int c = 0; c < after.columns().size(); c++) {
            int b = before.columns().indexOf(after.columns().get(c));
            if (b < 0) {
                continue;
            }
            for (int r = 0; r < after.rows().size(); r++) {
                if (!CellText.of(before.rows().get(r)[b]).equals(CellText.of(after.rows().get(r)[c]))) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** The step's reported {@code errors} and {@code warnings} (texts or {@code {message}} entries), counted by text. */
    static Map<String, Integer> errorsByReason(Map<String, Object> data) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String key : List.of("errors", "warnings")) {
            if (data.get(key) instanceof Collection<?> entries) {
                for (Object entry : entries) {
                    Object reason = entry instanceof Map<?, ?> map ? map.get("message") : entry;
                    if (reason != null) {
                        counts.merge(reason.toString(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    private record Excerpt(String text, boolean truncated) {
    }

    /** The first {@code lines} lines of a text output, within the configured excerpt size. */
    private Excerpt excerpt(Path file, int lines) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(settings.textExcerptBytes());
        }
        boolean cut = Files.size(file) > head.length;
        String text = new String(head, StandardCharsets.UTF_8);
        if (cut && !text.isEmpty() && text.charAt(text.length() - 1) == '\uFFFD') {
            text = text.substring(0, text.length() - 1);
        }
        int end = 0;
        for (int line = 0; line < lines; line++) {
            int next = text.indexOf('\n', end);
            if (next < 0) {
                return new Excerpt(text, cut);
            }
            end = next + 1;
        }
        return new Excerpt(text.substring(0, end), cut || end < text.length());
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
