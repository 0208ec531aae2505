package io.sheetflow.startup;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.jackson.databind.JacksonDatabindMapper;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/** Makes the {@link JsonMapper} everyone injects (the HTTP body handlers included) a {@link DeferredJsonMapper}. */
@Factory
final class DeferredJsonMapperFactory {
    @Primary
    @Singleton
    JsonMapper jsonMapper(JacksonDatabindMapper jackson) {
        return DeferredJsonMapper.of(jackson);
    }
}
