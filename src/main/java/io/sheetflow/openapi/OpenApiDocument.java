package io.sheetflow.openapi;

import io.micronaut.core.io.ResourceResolver;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.api.Links;
import io.sheetflow.conversation.ConversationStatus;
import io.sheetflow.conversation.MessageState;
import io.sheetflow.conversation.MessageType;
import io.sheetflow.file.FileKind;
import io.sheetflow.operation.ArgumentSchemas;
import io.sheetflow.operation.Operation;
import io.sheetflow.operation.OperationRegistry;
import io.sheetflow.workflow.RunStatus;
import io.sheetflow.workflow.StepStatus;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document served at {@code /openapi.yml}: the one micronaut-openapi wrote at compile time from the
 * controllers ({@value #GENERATED}), with the argument schemas of the running {@link OperationRegistry} added as
 * {@code components.schemas["OperationArguments.<name>"]} (the JSON Schemas {@code GET /api/v1/operations} serves)
 * and the step's {@code operation} restricted to their names. Merged here rather than at build time so the
 * document always lists exactly the operations this server runs.
 */
@Singleton
public class OpenApiDocument {
    static final String GENERATED = "META-INF/swagger/sheetflow.yml";
    /** The schema micronaut-openapi names after {@code workflow.ExecuteRequest.StepRequest}. */
    static final String STEP_SCHEMA = "ExecuteRequest.StepRequest";
    static final String ARGUMENTS_PREFIX = "OperationArguments.";

    /**
     * The enums the API returns. micronaut-openapi lists their constant names, but each serializes through a
     * computed {@code @JsonValue} (lower case) it cannot evaluate: their values are taken from Jackson here.
     * OpenApiDocumentTest fails on an enum schema missing from this list.
     */
    static final List<Class<? extends Enum<?>>> ENUMS = List.of(ConversationStatus.class, MessageState.class,
            MessageType.class, FileKind.class, RunStatus.class, StepStatus.class);

    private final ResourceResolver resources;
    private final OperationRegistry registry;
    private final ObjectMapper mapper;
    private volatile String yaml;

    public OpenApiDocument(ResourceResolver resources, OperationRegistry registry, ObjectMapper mapper) {
        this.resources = resources;
        this.registry = registry;
        this.mapper = mapper;
    }

    /** The document as YAML, built on first use. */
    public String yaml() {
        String built = yaml;
        if (built == null) {
            built = dump(merged());
            yaml = built;
        }
        return built;
    }

    /** The component name of an operation's arguments: its name with {@code /} as {@code .} (allowed in keys). */
    public static String argumentsSchemaName(String operationName) {
        return ARGUMENTS_PREFIX + operationName.replace('/', '.');
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> merged() {
        Map<String, Object> document = load();
        Map<String, Object> components = (Map<String, Object>) document.computeIfAbsent("components",
                k -> new LinkedHashMap<>());
        Map<String, Object> schemas = (Map<String, Object>) components.computeIfAbsent("schemas",
                k -> new LinkedHashMap<>());
        List<String> names = new ArrayList<>();
        for (Operation<?> operation : registry.all()) {
            names.add(operation.name());
            Map<String, Object> schema = copy(ArgumentSchemas.of(operation.argumentsType()));
            schema.put("description", "Arguments of the step operation `" + operation.name() + "`: "
                    + operation.description());
            schemas.put(argumentsSchemaName(operation.name()), schema);
        }
        linkOneShotEndpoints(document);
        for (Class<? extends Enum<?>> type : ENUMS) {
            if (schemas.get(type.getSimpleName()) instanceof Map<?, ?> schema && schema.containsKey("enum")) {
                ((Map<String, Object>) schema).put("enum", java.util.Arrays.stream(type.getEnumConstants())
                        .map(constant -> mapper.convertValue(constant, String.class)).toList());
            }
        }
        Object step = schemas.get(STEP_SCHEMA);
        if (step instanceof Map<?, ?> stepSchema && stepSchema.get("properties") instanceof Map<?, ?> properties) {
            Map<String, Object> props = (Map<String, Object>) properties;
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("type", "string");
            operation.put("description", "The operation this step runs (`GET /api/v1/operations` lists them).");
            operation.put("enum", names);
            props.put("operation", operation);
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("type", "object");
            arguments.put("additionalProperties", true);
            arguments.put("description", "The operation's arguments: for operation `x/y` the schema "
                    + "`" + ARGUMENTS_PREFIX + "x.y` in components.schemas (e.g. `"
                    + argumentsSchemaName(names.isEmpty() ? "excel/info" : names.get(0)) + "`).");
            props.put("arguments", arguments);
        }
        return document;
    }

    /**
     * The one-shot endpoint {@code POST /api/v1/x/y} runs the step operation {@code x/y}: its form fields are that
     * operation's arguments, so its description names their schema and {@code x-step-operation} the operation.
     */
    @SuppressWarnings("unchecked")
    private void linkOneShotEndpoints(Map<String, Object> document) {
        Map<String, Object> paths = (Map<String, Object>) document.getOrDefault("paths", Map.of());
        for (Operation<?> operation : registry.all()) {
            if (paths.get(Links.API + "/" + operation.name()) instanceof Map<?, ?> item
                    && item.get("post") instanceof Map<?, ?> post) {
                Map<String, Object> op = (Map<String, Object>) post;
                String schema = argumentsSchemaName(operation.name());
                String link = "The form's text fields are the arguments of the step operation `" + operation.name()
                        + "`: schema [" + schema + "](#/components/schemas/" + schema + ").";
                Object description = op.get("description");
                op.put("description", description == null ? link : description + "\n\n" + link);
                op.put("x-step-operation", operation.name());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> load() {
        try (InputStream in = resources.getResourceAsStream("classpath:" + GENERATED)
                .orElseThrow(() -> new IllegalStateException(GENERATED + " is missing from the classpath: "
                        + "it is written by the micronaut-openapi annotation processor at compile time"))) {
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dump(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(new Representer(options), options).dump(document);
    }

    /** A fresh mutable copy, so YAML gets no anchors for shared values (ArgumentSchemas reuses empty maps). */
    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }
}
