package io.sheetflow.logging;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * {@code sheetflow.log.format} from the configuration (a file, {@code -D}, an environment variable): logback
 * started with {@link ConsoleLogConfigurator}'s choice; when the configuration names the other format, the console
 * switches to it as the application starts.
 */
@Context
@Requires(property = "sheetflow.log.format")
public class LogFormatSwitch {

    public LogFormatSwitch(@Value("${sheetflow.log.format}") String configured) {
        LogFormat format = LogFormat.parse(configured).orElseThrow(() -> new ConfigurationException(
                "sheetflow.log.format must be text or json, not '" + configured + "'"));
        LogFormat.console().ifPresent(console -> console.switchTo(format));
    }
}
