package io.sheetflow.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.sheetflow.api.ApiException;

/**
 * JSON bodies are small: the request-size cap is sized for uploads, so JSON gets its own (413 before
 * anything is read). Bodies without a length are bounded by the parser ({@link JsonLimits}).
 */
@ServerFilter(value = "/api/**", patternStyle = FilterPatternStyle.ANT)
public class JsonBodySizeFilter {
    private final LimitSettings limits;

    public JsonBodySizeFilter(LimitSettings limits) {
        this.limits = limits;
    }

    @RequestFilter
    public void check(HttpRequest<?> request) {
        boolean json = request.getContentType().map(t -> t.getSubtype().endsWith("json")
                || t.equals(MediaType.APPLICATION_JSON_TYPE)).orElse(false);
        if (json && request.getContentLength() > limits.maxJsonBytes()) {
            throw ApiException.tooLarge("JSON body too large: " + request.getContentLength() + " bytes, at most "
                    + limits.maxJsonBytes());
        }
    }
}
