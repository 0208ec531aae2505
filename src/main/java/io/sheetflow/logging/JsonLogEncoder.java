package io.sheetflow.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object a line: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, the context fields that are known ({@code request_id}, {@code user}, {@code chat_id},
 * {@code run_id}, on Lambda {@code aws_request_id} and {@code xray_trace_id}) and {@code exception} (the stack
 * trace as one string). Logback's own JsonEncoder nests the MDC and splits exceptions into objects, which log
 * queries cannot use as plain fields.
 */
public class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];
    /** The MDC key of the Lambda request id, as Micronaut's Lambda handlers set it (and lambda/HttpFunction). */
    public static final String AWS_REQUEST_ID_KEY = "AWSRequestId";
    /** MDC keys Micronaut's Lambda handlers set, by the field names they get here; other AWS* keys are left out. */
    private static final Map<String, String> AWS_KEYS = Map.of(
            AWS_REQUEST_ID_KEY, "aws_request_id",
            "AWS-XRAY-TRACE-ID", "xray_trace_id");

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    String key = entry.getKey();
                    String field = AWS_KEYS.getOrDefault(key, key.startsWith("AWS") ? null : key);
                    if (field != null && entry.getValue() != null && !reserved(field)) {
                        json.writeStringField(field, entry.getValue());
                    }
                }
            }
            IThrowableProxy throwable = event.getThrowableProxy();
            if (throwable != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(throwable));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static boolean reserved(String field) {
        return switch (field) {
            case "timestamp", "level", "logger", "thread", "message", "exception" -> true;
            default -> false;
        };
    }
}
