package io.sheetflow.logging;

import com.fasterxml.jackson.databind.JsonNode;
import io.sheetflow.support.ApiClient;
import io.sheetflow.support.ServerProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sheetflow.log.format} in a configuration file (no environment variable) switches the console. */
class ConfiguredLogFormatTest {

    @Test
    void logFormatJsonInAConfigurationFile_makesTheLinesAfterTheStartJson() throws Exception {
        Path dir = Files.createTempDirectory("sheetflow-log-format-");
        Path config = Files.writeString(dir.resolve("logs.yml"), "sheetflow:\n  log:\n    format: json\n");
        Path log;
        try (ServerProcess server = ServerProcess.start(dir, "sft_configured_format_token_0123456789",
                Map.of("MICRONAUT_CONFIG_FILES", config.toString()))) {
            server.terminate(Duration.ofSeconds(30));
            log = server.log();
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        int firstJson = -1;
        List<JsonNode> json = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{")) {
                firstJson = firstJson < 0 ? i : firstJson;
                json.add(ApiClient.JSON.readTree(lines.get(i)));
            } else {
                assertTrue(firstJson < 0, "a text line after the switch: " + lines.get(i) + "\n" + String.join("\n", lines));
            }
        }
        assertFalse(json.isEmpty(), String.join("\n", lines));
        assertTrue(json.stream().anyMatch(l -> l.get("message").asText().startsWith("Sheetflow is running")),
                String.join("\n", lines));
    }
}
