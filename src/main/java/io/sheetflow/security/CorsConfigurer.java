package io.sheetflow.security;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * CORS only for the configured origins. With none configured, CORS stays off (same-origin only): Micronaut
 * would treat an empty origin list as "any origin".
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
            config.getCors().setEnabled(false);
        }
        return config;
    }
}
