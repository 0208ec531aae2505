package io.sheetflow.health;

/** {@code GET /api/v1/health}: the process answers. */
public record HealthStatus(String status, String service, String version) {
}
