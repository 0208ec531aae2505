package io.sheetflow.operation;

import io.sheetflow.sheet.SheetFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An {@link OperationContext} for tests: outputs go to a directory (a {@code @TempDir}) and are remembered. */
public final class TestOperationContext implements OperationContext {

    private final InputFile input;
    private final Path outputDirectory;
    private final ProgressReporter progress;
    private final List<OutputFile> outputs = new ArrayList<>();
    private final java.util.Map<String, InputFile> otherFiles = new java.util.HashMap<>();

    public TestOperationContext(InputFile input, Path outputDirectory, ProgressReporter progress) {
        this.input = input;
        this.outputDirectory = outputDirectory;
        this.progress = progress;
    }

    /** An input named like the file itself, with the given format. */
    public static TestOperationContext of(Path inputFile, SheetFormat format, Path outputDirectory)
            throws IOException {
        return of(inputFile, format, outputDirectory, ProgressReporter.NONE);
    }

    public static TestOperationContext of(Path inputFile, SheetFormat format, Path outputDirectory,
                                          ProgressReporter progress) throws IOException {
        InputFile input = new InputFile("file-1", inputFile.getFileName().toString(), format, inputFile,
                Files.size(inputFile));
        return new TestOperationContext(input, outputDirectory, progress);
    }

    @Override
    public InputFile input() {
        return input;
    }

    @Override
    public OutputFile createOutput(String baseName, String extension) throws IOException {
        Files.createDirectories(outputDirectory);
        String name = baseName + "." + extension;
        for (int n = 2; Files.exists(outputDirectory.resolve(name)); n++) {
            name = baseName + "_" + n + "." + extension;
        }
        OutputFile output = new OutputFile(name, extension, outputDirectory.resolve(name));
        outputs.add(output);
        return output;
    }

    /** Makes another file of the "conversation" available by name and by id. */
    public TestOperationContext withFile(InputFile file) {
        otherFiles.put(file.displayName(), file);
        otherFiles.put(file.fileId(), file);
        return this;
    }

    @Override
    public InputFile conversationFile(String nameOrId) {
        InputFile file = otherFiles.get(nameOrId);
        if (file == null) {
            throw new OperationFailedException("File '" + nameOrId + "' is not a file of this conversation");
        }
        return file;
    }

    @Override
    public ProgressReporter progress() {
        return progress;
    }

    public List<OutputFile> outputs() {
        return outputs;
    }
}
