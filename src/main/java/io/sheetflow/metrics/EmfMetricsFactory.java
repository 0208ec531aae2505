package io.sheetflow.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * On Lambda ({@code sheetflow.metrics.emf.enabled}, on there): the meters go to an in-memory registry (one of
 * the registries behind the application's {@code MeterRegistry}) that {@link EmfPublisher} writes out as
 * embedded-metric-format lines at the end of each invocation (lambda/RelayFlush).
 */
@Factory
@Requires(property = "sheetflow.metrics.emf.enabled", value = "true")
@Requires(property = "sheetflow.metrics.enabled", notEquals = "false")
public class EmfMetricsFactory {

    @Singleton
    SimpleMeterRegistry emfRegistry() {
        return new SimpleMeterRegistry();
    }

    @Singleton
    EmfPublisher emfPublisher(SimpleMeterRegistry registry,
                              @Value("${sheetflow.metrics.emf.namespace:Sheetflow}") String namespace) {
        return new EmfPublisher(registry, namespace);
    }
}
