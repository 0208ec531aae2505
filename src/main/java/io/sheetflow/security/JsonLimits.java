package io.sheetflow.security;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Bounds what the JSON parser accepts (request bodies are parsed with this mapper): nesting depth and
 * document size, so a hostile body fails fast with 400 instead of exhausting the stack or the heap.
 */
@Singleton
public class JsonLimits implements BeanCreatedEventListener<ObjectMapper> {
    private final LimitSettings limits;

    public JsonLimits(LimitSettings limits) {
        this.limits = limits;
    }

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        ObjectMapper mapper = event.getBean();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxDocumentLength(limits.maxJsonBytes())
                .build());
        return mapper;
    }
}
