package io.sheetflow.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public record ApiMeta(
        @JsonProperty("api_version") String apiVersion,
        String locale,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("requested_time") String requestedTime) {
}
