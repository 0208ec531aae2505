package io.sheetflow.workflow;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who claims runs in this process, as recorded in {@code workflow_run.claimed_by}: on Lambda the execution
 * environment's log stream (so its logs can be found), elsewhere host name and process id.
 */
@Singleton
public class WorkerName {
    private final String name;

    /** @param configured {@code sheetflow.instance-name}, when set: the name of this instance among several */
    public WorkerName(@Value("${sheetflow.instance-name:}") String configured) {
        String logStream = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
        String candidate = configured != null && !configured.isBlank() ? configured.strip()
                : logStream != null && !logStream.isBlank() ? "lambda:" + logStream
                : host() + ":" + ProcessHandle.current().pid();
        this.name = candidate.length() > 200 ? candidate.substring(0, 200) : candidate;
    }

    public String name() {
        return name;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
