package io.sheetflow.security;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * CORS only for the configured origins. With none configured, no origin is granted (same-origin only):
 * Micronaut would treat a configuration with an empty origin list as "any origin", so none is registered;
 * {@link CorsGuard} decides which origins reach Micronaut's filter at all.
 */
@Singleton
public class CorsConfigurer implements BeanCreatedEventListener<HttpServerConfiguration> {
    private final CorsSettings settings;

    public CorsConfigurer(CorsSettings settings) {
        this.settings = settings;
    }

    @Override
    public HttpServerConfiguration onCreated(BeanCreatedEvent<HttpServerConfiguration> event) {
        HttpServerConfiguration config = event.getBean();
        if (!settings.origins().isEmpty()) {
            CorsOriginConfiguration origins = new CorsOriginConfiguration();
            origins.setAllowedOrigins(settings.origins());
            config.getCors().setEnabled(true);
            config.getCors().setConfigurations(Map.of("sheetflow", origins));
        } else {
            // Micronaut's filter still granted any origin's preflight this way (issue 11): CorsGuard, ahead of it,
            // refuses every origin that is not this server or configured.
            config.getCors().setConfigurations(Map.of());
        }
        return config;
    }
}
