package io.sheetflow.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/** {@code sheetflow.cors.allowed-origins}: other origins allowed to call the API and open WebSockets. */
@ConfigurationProperties("sheetflow.cors")
public record CorsSettings(@Bindable(defaultValue = "") List<String> allowedOrigins) {

    public List<String> origins() {
        return allowedOrigins == null ? List.of() : allowedOrigins.stream().map(String::strip)
                .filter(o -> !o.isEmpty()).toList();
    }
}
