package io.sheetflow.health;

import java.util.Map;

/** {@code GET /api/v1/health/ready}: each dependency's check, {@code up} or what failed. */
public record Readiness(boolean ready, Map<String, String> checks) {
}
