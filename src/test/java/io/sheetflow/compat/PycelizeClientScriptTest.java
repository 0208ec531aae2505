package io.sheetflow.compat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.PinnedCheckout;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pycelize's own client script for chat workflows ({@code tests/integration/chat_workflows/test_chat_fixes.py}:
 * create a conversation, upload, download, then a workflow's progress over the WebSocket), run unchanged by the
 * Debian Python against Sheetflow with authentication off. The script hard-codes {@code localhost:5050} for REST
 * and {@code 127.0.0.1:5051} for the WebSocket, so this server listens on exactly those ports (with the optional
 * second listener on 5051): a server already running there makes this test fail at start.
 *
 * <p>The script never exits non-zero; what it prints is its verdict, and this test reads it.
 */
@Tag("studio")
@MicronautTest(transactional = false)
class PycelizeClientScriptTest extends ServerTest {
    private static final PinnedCheckout PYCELIZE = new PinnedCheckout("pycelize",
            "00890387dcae75745ff9f175039b62e83f956894", "https://github.com/pnguyen215/pycelize.git",
            Path.of("target", "pycelize-checkout.log"));
    private static final String SCRIPT = "tests/integration/chat_workflows/test_chat_fixes.py";
    private static final Path OUTPUT = Path.of("target", "pycelize-client-script.log");

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "micronaut.server.port", "5050",
                "sheetflow.auth.mode", "none",
                "sheetflow.websocket.reference-port", "5051");
    }

    @Test
    void pycelizesChatWorkflowScript_passesUnchanged() throws Exception {
        Path repo = PYCELIZE.checkout();
        String python = python();
        String output = run(repo, python, SCRIPT);
        Files.writeString(OUTPUT, output);
        String where = " (its output: " + OUTPUT.toAbsolutePath() + ")\n" + output;
        assertTrue(output.contains("File uploaded successfully"), "the upload step" + where);
        assertTrue(output.contains("Download successful!"), "the download step" + where);
        assertTrue(output.contains("All expected message types received!"), "the WebSocket progress" + where);
        assertTrue(output.contains("Test 2: WebSocket Integration - PASSED"), "the script's verdict" + where);
    }

    /** The Debian Python, where its {@code python3-requests} and {@code python3-websockets} are installed. */
    private static String python() throws Exception {
        String configured = System.getProperty("pycelize.python");
        List<String> candidates = configured != null && !configured.isBlank()
                ? List.of(configured) : List.of("/usr/bin/python3", "python3");
        for (String candidate : candidates) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import requests, websockets")
                        .redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        throw new IllegalStateException("No Python with the script's libraries among " + candidates
                + ": install the Debian packages python3-requests and python3-websockets (.ci/run does)");
    }

    private static String run(Path dir, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process process = builder.start();
        // The script's own waits are bounded (5 s for the welcome, 30 s per message); this bound is only a backstop.
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
