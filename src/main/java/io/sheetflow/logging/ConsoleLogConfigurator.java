package io.sheetflow.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

import java.util.Map;

/**
 * Sheetflow's logging configuration, built in code (found by logback through META-INF/services): one console
 * appender named {@code console} with a {@link ConsoleEncoder}, {@code io.sheetflow} at INFO, the rest at WARN. In
 * code rather than a logback.xml because logback's XML configurator (the SAX parser, its model and ~120 JDK XML
 * classes) was a tenth of the start-up time. With {@code -Dlogback.configurationFile=...} (the tests set it to
 * their logback-test.xml) this steps aside and logback reads that file instead. Levels can also be changed in the
 * application's configuration ({@code logger.levels.<name>: DEBUG}, Micronaut's logging system).
 *
 * <p>The format the console starts with: {@code SHEETFLOW_LOG_FORMAT} (or the system property
 * {@code sheetflow.log.format}) when set, otherwise {@code json} on AWS Lambda and {@code text} everywhere else. It
 * is read before the application context exists, so that the first lines already have the right format;
 * {@link LogFormatSwitch} applies a format set in the configuration files afterwards.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%X{request_id:-}] %logger{24} - %msg%n";
    private static final Map<String, Level> LEVELS = Map.of(
            "io.sheetflow", Level.INFO,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.apache.poi", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleEncoder encoder = new ConsoleEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setFormat(initialFormat().name());
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static LogFormat initialFormat() {
        String configured = System.getProperty("sheetflow.log.format");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("SHEETFLOW_LOG_FORMAT");
        }
        if (configured != null && !configured.isBlank()) {
            return LogFormat.parse(configured).orElse(LogFormat.TEXT);
        }
        return onLambda() ? LogFormat.JSON : LogFormat.TEXT;
    }

    private static boolean onLambda() {
        String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return function != null && !function.isBlank();
    }
}
