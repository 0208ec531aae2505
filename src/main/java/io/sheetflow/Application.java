package io.sheetflow;

import io.micronaut.runtime.Micronaut;
import io.sheetflow.logging.LogFormat;

public class Application {
    public static void main(String[] args) {
        // Micronaut's ASCII banner is not a log line: left out when the logs are JSON lines.
        Micronaut.build(args).mainClass(Application.class).banner(LogFormat.active() == LogFormat.TEXT).start();
    }
}
