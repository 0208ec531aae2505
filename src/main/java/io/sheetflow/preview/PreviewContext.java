package io.sheetflow.preview;

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

/** One previewed step: outputs go to the preview's temporary folder and are never stored. */
final class PreviewContext implements OperationContext {
    private final InputFile input;
    private final Path workDir;
    private final FileLookup files;
    private final List<OutputFile> outputs = new ArrayList<>();

    /** Finds and materialises another file of the conversation (a bind file) into the preview's folder. */
    interface FileLookup {
        InputFile find(String nameOrId, Path workDir) throws IOException;
    }

    PreviewContext(InputFile input, Path workDir, FileLookup files) {
        this.input = input;
        this.workDir = workDir;
        this.files = files;
    }

    @Override
    public InputFile input() {
        return input;
    }

    @Override
    public OutputFile createOutput(String baseName, String extension) throws IOException {
        Files.createDirectories(workDir);
        OutputFile output = new OutputFile(baseName + "." + extension, extension,
                workDir.resolve(UUID.randomUUID() + "." + extension));
        outputs.add(output);
        return output;
    }

    @Override
    public InputFile conversationFile(String nameOrId) throws IOException {
        return files.find(nameOrId, workDir);
    }

    @Override
    public ProgressReporter progress() {
        return ProgressReporter.NONE;
    }

    /** The first output the step wrote, the next step's input (as in a run). */
    OutputFile firstWritten() {
        return outputs.stream().filter(o -> Files.exists(o.path())).findFirst().orElse(null);
    }
}
