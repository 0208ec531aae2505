package io.sheetflow.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * CloudWatch embedded metric format on Lambda: at the end of each invocation, one JSON line on stdout per meter
 * that moved since the last flush (its increase: counters as {@code Count}, timers as {@code <name>.count} and
 * {@code <name>.sum} in milliseconds, sizes as {@code <name>.count} and {@code <name>.sum}), tags as dimensions.
 * CloudWatch Logs turns the lines into metrics; no API is called. Only Sheetflow's meters and
 * {@code http.server.requests} are sent (JVM figures of short-lived execution environments are left out).
 */
public class EmfPublisher {
    private static final JsonFactory JSON = new JsonFactory();

    private final SimpleMeterRegistry registry;
    private final String namespace;
    private final Map<Meter.Id, double[]> published = new HashMap<>();

    public EmfPublisher(SimpleMeterRegistry registry, String namespace) {
        this.registry = registry;
        this.namespace = namespace;
    }

    /** Writes the lines of what moved since the last flush to stdout. */
    public void flush() {
        flush(System.out::println);
    }

    /** Writes the lines of what moved since the last flush to {@code out}. */
    public synchronized void flush(Consumer<String> out) {
        long now = System.currentTimeMillis();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (!name.startsWith("sheetflow.") && !name.equals("http.server.requests")) {
                continue;
            }
            List<Metric> metrics = increases(meter);
            if (!metrics.isEmpty()) {
                out.accept(line(now, meter.getId(), metrics));
            }
        }
    }

    private record Metric(String name, String unit, double value) {
    }

    private List<Metric> increases(Meter meter) {
        String name = meter.getId().getName();
        double[] now;
        String[] names;
        String[] units;
        if (meter instanceof Counter counter) {
            now = new double[]{counter.count()};
            names = new String[]{name};
            units = new String[]{"bytes".equals(meter.getId().getBaseUnit()) ? "Bytes" : "Count"};
        } else if (meter instanceof FunctionCounter counter) {
            now = new double[]{counter.count()};
            names = new String[]{name};
            units = new String[]{"Count"};
        } else if (meter instanceof Timer timer) {
            now = new double[]{timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)};
            names = new String[]{name + ".count", name + ".sum"};
            units = new String[]{"Count", "Milliseconds"};
        } else if (meter instanceof DistributionSummary summary) {
            now = new double[]{summary.count(), summary.totalAmount()};
            names = new String[]{name + ".count", name + ".sum"};
            units = new String[]{"Count", "bytes".equals(meter.getId().getBaseUnit()) ? "Bytes" : "None"};
        } else {
            return List.of(); // gauges: none of ours exists on Lambda
        }
        double[] before = published.getOrDefault(meter.getId(), new double[now.length]);
        if (now[0] == before[0]) {
            return List.of();
        }
        published.put(meter.getId(), now);
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            metrics.add(new Metric(names[i], units[i], now[i] - before[i]));
        }
        return metrics;
    }

    private String line(long timestamp, Meter.Id id, List<Metric> metrics) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestamp);
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", namespace);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            for (Tag tag : id.getTagsAsIterable()) {
                json.writeString(tag.getKey());
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (Metric metric : metrics) {
                json.writeStartObject();
                json.writeStringField("Name", metric.name());
                json.writeStringField("Unit", metric.unit());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            for (Tag tag : id.getTagsAsIterable()) {
                json.writeStringField(tag.getKey(), tag.getValue());
            }
            for (Metric metric : metrics) {
                json.writeNumberField(metric.name(), metric.value());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
