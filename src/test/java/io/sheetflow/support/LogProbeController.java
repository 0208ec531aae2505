package io.sheetflow.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Logs one line inside a request, on a blocking thread like the real controllers
 * ({@code sheetflow.test.log-probe: true} only): what the logs tests read the request's context fields from.
 */
@Controller("/api/v1/test/log-probe")
@Requires(property = "sheetflow.test.log-probe", value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LogProbeController {
    public static final String MESSAGE = "log probe";
    private static final Logger LOG = LoggerFactory.getLogger(LogProbeController.class);

    @Get("/{chatId}")
    public Map<String, String> probe(String chatId) {
        LOG.warn(MESSAGE);
        return Map.of("logged", MESSAGE);
    }
}
