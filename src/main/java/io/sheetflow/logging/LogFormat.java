package io.sheetflow.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/** How log lines look: {@code text} for people (the default), {@code json} (one object a line) for log pipelines. */
public enum LogFormat {
    TEXT, JSON;

    public static Optional<LogFormat> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** The format the console writes now (text under a configuration without our console, e.g. the tests'). */
    public static LogFormat active() {
        return console().map(ConsoleEncoder::format).orElse(TEXT);
    }

    /** The encoder of {@link ConsoleLogConfigurator}'s {@code console} appender, when that configuration is in use. */
    static Optional<ConsoleEncoder> console() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Appender<?> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
            if (appender instanceof OutputStreamAppender<?> stream && stream.getEncoder() instanceof ConsoleEncoder encoder) {
                return Optional.of(encoder);
            }
        }
        return Optional.empty();
    }
}
