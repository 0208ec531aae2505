package io.sheetflow.operation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every {@link Operation} bean by name, and strict binding of JSON arguments to their records. */
@Singleton
public class OperationRegistry {
    private final Map<String, Operation<?>> byName;
    private final ObjectMapper strict;

    public OperationRegistry(List<Operation<?>> operations, ObjectMapper mapper) {
        this.byName = new TreeMap<>(operations.stream().collect(Collectors.toMap(Operation::name, o -> o)));
        this.strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    public Optional<Operation<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Operation<?>> all() {
        return byName.values();
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    /**
     * Binds and validates arguments.
     *
     * @throws InvalidArgumentException naming the argument at fault
     */
    public <A> A bind(Operation<A> operation, JsonNode arguments) {
        JsonNode node = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments;
        if (!node.isObject()) {
            throw new InvalidArgumentException("arguments", "arguments must be a JSON object");
        }
        A bound;
        try {
            bound = strict.treeToValue(node, operation.argumentsType());
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new InvalidArgumentException(field, "Unknown argument '" + field
                    + "'. Known arguments: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (InvalidFormatException e) {
            String field = path(e);
            throw new InvalidArgumentException(field, "Argument '" + field + "' has an invalid value '" + e.getValue()
                    + "': expected " + describe(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new InvalidArgumentException(field, "Argument '" + field + "' has the wrong type: expected "
                    + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            String field = path(e);
            Throwable cause = e.getCause();
            if (cause instanceof InvalidArgumentException invalid) {
                throw invalid;
            }
            throw new InvalidArgumentException(field, "Argument '" + field + "' is invalid: "
                    + (cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidArgumentException("arguments", "arguments could not be read: " + e.getOriginalMessage());
        }
        operation.validate(bound);
        return bound;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "arguments" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type.getSimpleName();
    }
}
