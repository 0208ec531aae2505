package io.sheetflow.startup;

import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonFeatures;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.JsonStreamConfig;
import io.micronaut.json.tree.JsonNode;
import org.reactivestreams.Processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link JsonMapper} whose {@link #createSpecific type-specific mappers} are built on first use instead of when
 * asked for. Micronaut's router asks for one per route while it builds the routing table, and Jackson's specific
 * mapper prefetches the root serializer and deserializer of the route's body type: about an eighth of the start-up
 * CPU for our ~90 routes, most of it for types no request of that run ever reads or writes. Everything else goes
 * straight to the target, so JSON reads and writes are the target's (see {@link DeferredJsonMapperFactory}).
 */
public final class DeferredJsonMapper implements JsonMapper {
    private final Supplier<JsonMapper> target;
    private volatile JsonMapper resolved;

    private DeferredJsonMapper(Supplier<JsonMapper> target) {
        this.target = target;
    }

    /** Delegates to {@code target}; its specific mappers are deferred. */
    public static DeferredJsonMapper of(JsonMapper target) {
        return new DeferredJsonMapper(() -> target);
    }

    private JsonMapper target() {
        JsonMapper mapper = resolved;
        if (mapper == null) {
            synchronized (this) {
                mapper = resolved;
                if (mapper == null) {
                    mapper = target.get();
                    resolved = mapper;
                }
            }
        }
        return mapper;
    }

    /** Whether the target mapper exists yet (tests). */
    boolean isResolved() {
        return resolved != null;
    }

    @Override
    public @NonNull JsonMapper createSpecific(@NonNull Argument<?> type) {
        return new DeferredJsonMapper(() -> target().createSpecific(type));
    }

    @Override
    public <T> T readValueFromTree(@NonNull JsonNode tree, @NonNull Argument<T> type) throws IOException {
        return target().readValueFromTree(tree, type);
    }

    @Override
    public <T> T readValueFromTree(@NonNull JsonNode tree, @NonNull Class<T> type) throws IOException {
        return target().readValueFromTree(tree, type);
    }

    @Override
    public <T> T readValue(@NonNull InputStream inputStream, @NonNull Argument<T> type) throws IOException {
        return target().readValue(inputStream, type);
    }

    @Override
    public <T> T readValue(@NonNull InputStream inputStream, @NonNull Class<T> type) throws IOException {
        return target().readValue(inputStream, type);
    }

    @Override
    public <T> T readValue(byte @NonNull [] byteArray, @NonNull Argument<T> type) throws IOException {
        return target().readValue(byteArray, type);
    }

    @Override
    public <T> T readValue(@NonNull ByteBuffer<?> byteBuffer, @NonNull Argument<T> type) throws IOException {
        return target().readValue(byteBuffer, type);
    }

    @Override
    public <T> T readValue(@NonNull String string, @NonNull Argument<T> type) throws IOException {
        return target().readValue(string, type);
    }

    @Override
    public <T> T readValue(byte @NonNull [] byteArray, @NonNull Class<T> type) throws IOException {
        return target().readValue(byteArray, type);
    }

    @Override
    public <T> T readValue(@NonNull String string, @NonNull Class<T> type) throws IOException {
        return target().readValue(string, type);
    }

    @Override
    public @NonNull Processor<byte[], JsonNode> createReactiveParser(
            @NonNull Consumer<Processor<byte[], JsonNode>> onSubscribe, boolean streamArray) {
        return target().createReactiveParser(onSubscribe, streamArray);
    }

    @Override
    public @NonNull JsonNode writeValueToTree(Object value) throws IOException {
        return target().writeValueToTree(value);
    }

    @Override
    public <T> @NonNull JsonNode writeValueToTree(@NonNull Argument<T> type, T value) throws IOException {
        return target().writeValueToTree(type, value);
    }

    @Override
    public void writeValue(@NonNull OutputStream outputStream, Object object) throws IOException {
        target().writeValue(outputStream, object);
    }

    @Override
    public <T> void writeValue(@NonNull OutputStream outputStream, @NonNull Argument<T> type, T object)
            throws IOException {
        target().writeValue(outputStream, type, object);
    }

    @Override
    public byte[] writeValueAsBytes(Object object) throws IOException {
        return target().writeValueAsBytes(object);
    }

    @Override
    public <T> byte[] writeValueAsBytes(@NonNull Argument<T> type, T object) throws IOException {
        return target().writeValueAsBytes(type, object);
    }

    @Override
    public @NonNull String writeValueAsString(@NonNull Object object) throws IOException {
        return target().writeValueAsString(object);
    }

    @Override
    public <T> @NonNull String writeValueAsString(@NonNull Argument<T> type, T object) throws IOException {
        return target().writeValueAsString(type, object);
    }

    @Override
    public <T> @NonNull String writeValueAsString(@NonNull Argument<T> type, T object, Charset charset)
            throws IOException {
        return target().writeValueAsString(type, object, charset);
    }

    @Override
    public void updateValueFromTree(Object value, @NonNull JsonNode tree) throws IOException {
        target().updateValueFromTree(value, tree);
    }

    @Override
    public @NonNull JsonMapper cloneWithFeatures(@NonNull JsonFeatures features) {
        return target().cloneWithFeatures(features);
    }

    @Override
    public @NonNull Optional<JsonFeatures> detectFeatures(@NonNull AnnotationMetadata annotations) {
        return target().detectFeatures(annotations);
    }

    @Override
    public @NonNull JsonMapper cloneWithViewClass(@NonNull Class<?> viewClass) {
        return target().cloneWithViewClass(viewClass);
    }

    @Override
    public @NonNull JsonStreamConfig getStreamConfig() {
        return target().getStreamConfig();
    }
}
