package io.sheetflow.workflow;

import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.ProgressReporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One step's view of its run: the input, a private work directory for outputs, progress. Also the context of a
 * previewed step (preview/WorkflowPreview), whose work directory is deleted instead of stored.
 */
public final class StepContext implements OperationContext {
    private final InputFile input;
    private final Path workDir;
    private final ProgressReporter progress;
    private final List<OutputFile> outputs = new ArrayList<>();
    private final FileLookup files;

    /** Finds and materialises another file of the run's conversation. */
    public interface FileLookup {
        InputFile find(String nameOrId, Path workDir) throws IOException;
    }

    public StepContext(InputFile input, Path workDir, ProgressReporter progress, FileLookup files) {
        this.input = input;
        this.workDir = workDir;
        this.progress = progress;
        this.files = files;
    }

    @Override
    public InputFile conversationFile(String nameOrId) throws IOException {
        return files.find(nameOrId, workDir);
    }

    @Override
    public InputFile input() {
        return input;
    }

    @Override
    public OutputFile createOutput(String baseName, String extension) throws IOException {
        Files.createDirectories(workDir);
        // The local file name is ours; the display name is made unique when the output is stored.
        OutputFile output = new OutputFile(baseName + "." + extension, extension,
                workDir.resolve(UUID.randomUUID() + "." + extension));
        outputs.add(output);
        return output;
    }

    @Override
    public ProgressReporter progress() {
        return progress;
    }

    public List<OutputFile> outputs() {
        return outputs;
    }
}
