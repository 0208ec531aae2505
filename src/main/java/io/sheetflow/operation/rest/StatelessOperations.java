package io.sheetflow.operation.rest;

import io.sheetflow.work.WorkDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.sheetflow.api.ApiException;
import io.sheetflow.api.Links;
import io.sheetflow.api.TooManyRequestsException;
import io.sheetflow.file.FileNames;
import io.sheetflow.file.FileService;
import io.sheetflow.file.FileService.CheckedUpload;
import io.sheetflow.file.ObjectKeys;
import io.sheetflow.file.ObjectStore;
import io.sheetflow.operation.ArgumentSchemas;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.InvalidArgumentException;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.OperationFailedException;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.operation.OutputFile;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.StepResult;
import io.sheetflow.security.Caller;
import io.sheetflow.sheet.SheetFormat;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import io.sheetflow.security.LimitSettings;
import io.sheetflow.security.SharedLimitCounters;
import io.sheetflow.workflow.WorkerName;
import java.util.concurrent.TimeUnit;

/**
 * Runs one operation outside any conversation, as Pycelize's endpoints do: the request's uploaded files
 * are the input (and the bind file), the outputs are stored under server-chosen keys, owned by the caller and
 * kept for {@code sheetflow.stateless.retention}. The operation code is exactly the workflow step's.
 */
@Singleton
public class StatelessOperations {
    private static final Logger LOG = LoggerFactory.getLogger(StatelessOperations.class);

    private final OperationRegistry registry;
    private final FileService fileService;
    private final ObjectStore store;
    private final StatelessOutputRepository outputs;
    private final Links links;
    private final FormArguments forms;
    private final Duration retention;
    /** The shared cap counts one total for all users. */
    static final String ALL_USERS = "*";
    private static final Duration SLOT_WAIT = Duration.ofSeconds(30);
    private static final long SHARED_SLOT_RETRY_MILLIS = 200;
    private final Semaphore slots;
    private final LimitSettings limits;
    private final SharedLimitCounters counters;
    private final WorkerName instance;
    private final int maxConcurrent;
    private final Path workDir;

    public StatelessOperations(OperationRegistry registry, FileService fileService, ObjectStore store,
                               StatelessOutputRepository outputs, Links links, ObjectMapper mapper,
                               @Value("${sheetflow.stateless.retention:24h}") Duration retention,
                               @Value("${sheetflow.stateless.max-concurrent:4}") int maxConcurrent,
                               WorkDirectory workDirectory, LimitSettings limits, SharedLimitCounters counters,
                               WorkerName instance) {
        this.limits = limits;
        this.counters = counters;
        this.instance = instance;
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.registry = registry;
        this.fileService = fileService;
        this.store = store;
        this.outputs = outputs;
        this.links = links;
        this.forms = new FormArguments(mapper);
        this.retention = retention;
        this.slots = new Semaphore(Math.max(1, maxConcurrent), true);
        this.workDir = workDirectory.stateless();
    }

    /** A private directory for one request's uploads and outputs; the request deletes it when closed. */
    StatelessRequest newRequest() throws IOException {
        return new StatelessRequest(Files.createTempDirectory(workDir, "request-"));
    }

    /** Checks and spools one uploaded file part into the request. */
    void addFile(StatelessRequest request, String partName, String fileName, java.io.InputStream content) throws IOException {
        if (request.files().containsKey(partName)) {
            throw ApiException.invalid(partName, "Only one file may be sent in the field '" + partName + "'");
        }
        try {
            request.files().put(partName, fileService.receive(fileName, content, request.directory()));
        } catch (ApiException e) {
            throw e.status() == HttpStatus.UNPROCESSABLE_ENTITY
                    ? ApiException.invalid(partName, partName + ": " + e.getMessage()) : e;
        }
    }

    /**
     * Runs {@code operationName} on the request.
     *
     * @param roles which file part is the input and which parts feed file arguments
     * @return the operation's result, plus {@code download_url} and {@code output_files} when it wrote files
     */
    Map<String, Object> run(Caller caller, String operationName, FileRoles roles, StatelessRequest request) throws Exception {
        Operation<?> operation = registry.find(operationName)
                .orElseThrow(() -> new IllegalStateException("No operation " + operationName));
        CheckedUpload input = request.files().get(roles.input());
        if (input == null) {
            throw ApiException.invalid(roles.input(), "No file uploaded: send the file in the multipart field '"
                    + roles.input() + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>(request.fields());
        String outputName = fields.remove("output_filename");
        roles.consumedFields().forEach(fields::remove);
        ObjectNode arguments = forms.toArguments(fields, ArgumentSchemas.of(operation.argumentsType()));
        Map<String, InputFile> extraFiles = new LinkedHashMap<>();
        roles.fileArguments().forEach((part, argument) -> {
            CheckedUpload upload = request.files().get(part);
            if (upload == null) {
                throw ApiException.invalid(part, "No file uploaded: send the " + part.replace('_', ' ')
                        + " in the multipart field '" + part + "'");
            }
            arguments.put(argument, part);
            extraFiles.put(part, inputFile(upload));
        });
        for (String part : request.files().keySet()) {
            if (!part.equals(roles.input()) && !roles.fileArguments().containsKey(part)) {
                throw ApiException.invalid(part, "Unexpected file field '" + part + "'");
            }
        }
        long deadline = System.nanoTime() + SLOT_WAIT.toNanos();
        if (!slots.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TooManyRequestsException("Too many operations are running; try again shortly", 5);
        }
        boolean shared = false;
        try {
            if (limits.sharedInDatabase()) {
                shared = awaitSharedSlot(deadline);
                if (!shared) {
                    throw new TooManyRequestsException("Too many operations are running; try again shortly", 5);
                }
            }
            return execute(caller, operation, arguments, inputFile(input), extraFiles, request.directory(), outputName);
        } finally {
            if (shared) {
                counters.release(ALL_USERS, SharedLimitCounters.STATELESS_OPERATIONS, instance.name());
            }
            slots.release();
        }
    }

    /**
     * With {@code sheetflow.limits.store: database} the cap counts the operations of every instance (on Lambda,
     * of every execution environment): a slot is taken in the database, retried until the deadline.
     */
    private boolean awaitSharedSlot(long deadline) throws InterruptedException {
        while (true) {
            if (counters.acquire(ALL_USERS, SharedLimitCounters.STATELESS_OPERATIONS, instance.name(), maxConcurrent)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(SHARED_SLOT_RETRY_MILLIS);
        }
    }

    private <A> Map<String, Object> execute(Caller caller, Operation<A> operation, ObjectNode arguments, InputFile input,
                                            Map<String, InputFile> extraFiles, Path directory,
                                            String outputName) throws Exception {
        A bound;
        try {
            bound = registry.bind(operation, arguments);
        } catch (InvalidArgumentException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
        Context context = new Context(input, directory, extraFiles);
        StepResult result;
        try {
            result = operation.execute(bound, context);
        } catch (OperationFailedException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "OperationFailed", e.getMessage(), null);
        } catch (InvalidArgumentException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
        Map<String, Object> data = new LinkedHashMap<>(result.data() == null ? Map.of() : result.data());
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < context.outputs.size(); i++) {
            OutputFile output = context.outputs.get(i);
            String name = i == 0 && outputName != null && !outputName.isBlank()
                    ? named(outputName, output.extension()) : output.displayName();
            files.add(describe(storeOutput(caller, operation.name(), name, output)));
        }
        if (!files.isEmpty()) {
            data.put("download_url", files.get(0).get("download_url"));
            data.put("output_files", files);
        }
        return data;
    }

    private StatelessOutput storeOutput(Caller caller, String operation, String displayName, OutputFile output) throws IOException {
        SheetFormat format = SheetFormat.fromExtension(output.extension()).orElse(SheetFormat.TEXT);
        return keep(caller, operation, displayName, output.path(), format.contentType());
    }

    /**
     * Keeps a finished local file (consumed) as a download of its caller for the retention period, like the
     * one-shot endpoints' outputs: {@code GET /api/v1/files/downloads/{id}}, then swept.
     */
    public StatelessOutput keep(Caller caller, String operation, String displayName, Path file, String contentType)
            throws IOException {
        FileService.Checksum checksum = FileService.checksum(file);
        UUID id = UUID.randomUUID();
        String key = ObjectKeys.forStatelessOutput(id);
        store.put(key, file, contentType);
        Instant now = Instant.now();
        try {
            return outputs.save(new StatelessOutput(id, caller.userId(), operation, displayName, key,
                    contentType, checksum.size(), checksum.sha256(), now, now.plus(retention)));
        } catch (RuntimeException e) {
            try {
                store.delete(key);
            } catch (IOException cleanup) {
                LOG.warn("Could not remove object {} after a failed write", key, cleanup);
            }
            throw e;
        }
    }

    /** The text of the first output file described in {@code data}, or null when it is larger than {@code maxBytes}. */
    String readOutputText(Map<String, Object> data, int maxBytes) throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) data.get("output_files");
        if (files == null || files.isEmpty()) {
            return "";
        }
        Map<String, Object> first = files.get(0);
        if (((Number) first.get("size")).longValue() > maxBytes) {
            return null;
        }
        try (var in = store.get(ObjectKeys.forStatelessOutput(UUID.fromString((String) first.get("file_id"))))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The caller's output, if it exists and has not expired. */
    java.util.Optional<StatelessOutput> find(Caller caller, UUID id) {
        return outputs.findByIdAndOwner(id, caller.userId()).filter(o -> o.expiresAt().isAfter(Instant.now()));
    }

    /** Deletes expired outputs, objects first; returns how many went. */
    @io.micronaut.scheduling.annotation.Scheduled(fixedDelay = "${sheetflow.stateless.sweep-interval:10m}", initialDelay = "1m")
    public int sweepExpired() {
        int removed = 0;
        for (StatelessOutput output : outputs.findTop500ByExpiresAtLessThan(Instant.now())) {
            try {
                store.delete(output.objectKey());
                outputs.deleteById(output.id());
                removed++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not remove expired output {}", output.id(), e);
            }
        }
        return removed;
    }

    public Map<String, Object> describe(StatelessOutput output) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("file_id", output.id().toString());
        view.put("filename", output.displayName());
        view.put("content_type", output.contentType());
        view.put("size", output.sizeBytes());
        view.put("sha256", output.sha256());
        view.put("expires_at", output.expiresAt().toString());
        view.put("download_url", downloadUrl(output));
        return view;
    }

    /** Where the caller downloads a kept output ({@code GET /api/v1/files/downloads/{fileId}}). */
    public String downloadUrl(StatelessOutput output) {
        return links.base() + Links.API + "/files/downloads/" + output.id();
    }

    private static String named(String requested, String extension) {
        String name = FileNames.sanitise(requested);
        if (name.isEmpty()) {
            throw ApiException.invalid("output_filename", "output_filename has no usable characters");
        }
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith("." + extension)
                ? name.substring(0, name.length() - extension.length() - 1) : name;
        return base + "." + extension;
    }

    private static InputFile inputFile(CheckedUpload upload) {
        return new InputFile(null, upload.displayName(), upload.format(), upload.path(), upload.size());
    }

    /** Which multipart file field is the operation's input, and which fields feed file-valued arguments. */
    record FileRoles(String input, Map<String, String> fileArguments, List<String> consumedFields) {
        static final FileRoles SINGLE = new FileRoles("file", Map.of(), List.of());

        FileRoles withConsumed(String... fields) {
            return new FileRoles(input, fileArguments, List.of(fields));
        }
    }

    private static final class Context implements OperationContext {
        private final InputFile input;
        private final Path directory;
        private final Map<String, InputFile> extraFiles;
        private final List<OutputFile> outputs = new ArrayList<>();

        Context(InputFile input, Path directory, Map<String, InputFile> extraFiles) {
            this.input = input;
            this.directory = directory;
            this.extraFiles = extraFiles;
        }

        @Override
        public InputFile input() {
            return input;
        }

        @Override
        public OutputFile createOutput(String baseName, String extension) {
            OutputFile output = new OutputFile(baseName + "." + extension, extension,
                    directory.resolve("output-" + UUID.randomUUID() + "." + extension));
            outputs.add(output);
            return output;
        }

        @Override
        public InputFile conversationFile(String nameOrId) {
            InputFile file = extraFiles.get(nameOrId);
            if (file == null) {
                throw new OperationFailedException("No uploaded file '" + nameOrId + "' in this request");
            }
            return file;
        }

        @Override
        public ProgressReporter progress() {
            return ProgressReporter.NONE;
        }
    }
}
