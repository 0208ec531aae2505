package io.sheetflow.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code data} of an error envelope: a stable error type and, where useful, the field at fault. */
public record ErrorDetails(@JsonProperty("error_type") String errorType, Object details) {
}
