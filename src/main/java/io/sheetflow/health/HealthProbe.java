package io.sheetflow.health;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container image's health check command: exits 0 when {@code /api/v1/health} on this machine's
 * {@code SHEETFLOW_PORT} answers 200, 1 otherwise. Plain JDK (no Micronaut), so the probe JVM starts in a fraction
 * of a second; the image has no shell or curl to do it.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("SHEETFLOW_PORT", "5050");
        System.exit(healthy("http://127.0.0.1:" + port + "/api/v1/health") ? 0 : 1);
    }

    static boolean healthy(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(3000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (Exception e) {
            System.err.println("health check failed: " + e);
            return false;
        }
    }
}
