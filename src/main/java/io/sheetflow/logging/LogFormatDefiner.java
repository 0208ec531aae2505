package io.sheetflow.logging;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/**
 * The log format logback starts with ({@code LOG_FORMAT} in logback.xml, the name of the appender to use):
 * {@code SHEETFLOW_LOG_FORMAT} (or the system property {@code sheetflow.log.format}) when set, otherwise
 * {@code json} on AWS Lambda and {@code text} everywhere else. Read before the application context exists, so
 * that the first lines already have the right format; {@link LogFormatSwitch} applies a format set in the
 * configuration files afterwards.
 */
public class LogFormatDefiner extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        return initialFormat().name().toLowerCase(Locale.ROOT);
    }

    static LogFormat initialFormat() {
        String configured = System.getProperty("sheetflow.log.format");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("SHEETFLOW_LOG_FORMAT");
        }
        if (configured != null && !configured.isBlank()) {
            return LogFormat.parse(configured).orElse(LogFormat.TEXT);
        }
        return onLambda() ? LogFormat.JSON : LogFormat.TEXT;
    }

    static boolean onLambda() {
        String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return function != null && !function.isBlank();
    }
}
