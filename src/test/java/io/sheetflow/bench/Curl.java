package io.sheetflow.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** curl and Python helpers of the transfer benchmarks: one transfer, its MB/s (MiB), the machine's load. */
final class Curl {
    private Curl() {
    }

    /** A finished transfer: status, bytes moved, seconds, response body when it was kept. */
    record Transfer(int status, long bytes, double seconds, String body) {
        double mibPerSecond() {
            return bytes / (1024.0 * 1024.0) / seconds;
        }
    }

    /** GET to /dev/null. */
    static Transfer download(String url, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w",
                "%{http_code} %{size_download} %{time_total}"));
        return run(command, url, headers, null);
    }

    /** GET into a file. */
    static Transfer downloadTo(Path target, String url, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", target.toString(), "-w",
                "%{http_code} %{size_download} %{time_total}"));
        return run(command, url, headers, null);
    }

    /** POST of a file as the raw body, streamed from disk (-T, not --data-binary, which reads it all first). */
    static Transfer uploadRaw(Path file, String url, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-X", "POST", "-T", file.toString(),
                "-H", "Content-Type: application/octet-stream", "-w", "\n%{http_code} %{size_upload} %{time_total}"));
        return run(command, url, headers, file);
    }

    /** multipart/form-data POST with the file as field {@code file}. */
    static Transfer uploadMultipart(Path file, String url, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-F", "file=@" + file,
                "-w", "\n%{http_code} %{size_upload} %{time_total}"));
        return run(command, url, headers, file);
    }

    private static Transfer run(List<String> command, String url, String[] headers, Path upload) throws Exception {
        for (String h : headers) {
            command.add("-H");
            command.add(h);
        }
        command.add(url);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (curl.waitFor() != 0) {
            throw new AssertionError("curl failed: " + out);
        }
        int cut = out.lastIndexOf('\n');
        String body = cut < 0 ? "" : out.substring(0, cut);
        String[] figures = out.substring(cut + 1).split(" ");
        Transfer t = new Transfer(Integer.parseInt(figures[0]), Long.parseLong(figures[1]),
                Double.parseDouble(figures[2]), body);
        if (t.status() != 200 && t.status() != 201 && t.status() != 206) {
            throw new AssertionError("curl " + url + ": " + out);
        }
        return t;
    }

    /** Python's http.server serving {@code dir}. */
    static Process pythonFileServer(Path dir, int port, Path log) throws Exception {
        Process python = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind",
                "127.0.0.1", "--directory", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitPort(port, python);
        return python;
    }

    /**
     * Python's http.server taking a POSTed body into a file in {@code dir} with its SHA-256, as our raw upload
     * does (src/test/resources/bench/upload_sink.py).
     */
    static Process pythonUploadSink(Path dir, int port, Path log) throws Exception {
        Path script = dir.resolve("upload_sink.py");
        try (var in = Curl.class.getResourceAsStream("/bench/upload_sink.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process python = new ProcessBuilder("python3", script.toString(), String.valueOf(port), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitPort(port, python);
        return python;
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    static void awaitPort(int port, Process process) throws Exception {
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the baseline server exited");
                }
                Thread.sleep(20); // polling another process's start: nothing in it to gate on
            }
        }
    }

    /** The 1-minute load average, printed beside figures: the machine's cores are shared. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static String format(List<Double> figures) {
        return figures.stream().map(f -> String.format(java.util.Locale.ROOT, "%.0f", f))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    static double median(List<Double> figures) {
        List<Double> sorted = figures.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
