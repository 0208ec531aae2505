package io.sheetflow.operation;

import java.io.IOException;

/** What an operation sees of the run it is executing in. */
public interface OperationContext {

    /** The step's input file, materialised as a local file. */
    InputFile input();

    /**
     * Creates a new output file for this step. The display name is derived from {@code baseName} and made
     * unique by the service; the operation only writes bytes to {@link OutputFile#path()}.
     *
     * @param baseName  a name without extension, e.g. {@code sales_extracted}
     * @param extension without dot: {@code xlsx}, {@code csv}, {@code json}, {@code sql}
     */
    OutputFile createOutput(String baseName, String extension) throws IOException;

    /**
     * Another file of the same conversation (e.g. the bind file of a join), by display name (the latest
     * file of that name) or by file id, as a local file.
     *
     * @throws OperationFailedException when the conversation has no such file
     */
    InputFile conversationFile(String nameOrId) throws IOException;

    /** Progress and cancellation for this step. */
    ProgressReporter progress();
}
