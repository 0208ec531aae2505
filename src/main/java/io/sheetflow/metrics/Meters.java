package io.sheetflow.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Sheetflow's own meters: their names and tags live here only (docs/observability.md lists them; dashboards
 * read them, so they stay stable). Each figure is changed by the one place that owns what it counts, e.g. the
 * run counters by {@code workflow.RunLifecycle}. Without a registry (metrics off) every call is a no-op.
 */
@Singleton
public class Meters {
    public static final String RUNS_QUEUED = "sheetflow.runs.queued";
    public static final String RUNS_STARTED = "sheetflow.runs.started";
    public static final String RUNS_ENDED = "sheetflow.runs.ended";
    public static final String RUN_DURATION = "sheetflow.run.duration";
    public static final String RUN_QUEUE_WAIT = "sheetflow.run.queue.wait";
    public static final String RUNS_WAITING = "sheetflow.runs.waiting";
    public static final String RUNS_RUNNING = "sheetflow.runs.running";
    public static final String STEP_DURATION = "sheetflow.step.duration";
    public static final String UPLOADS = "sheetflow.uploads";
    public static final String UPLOAD_BYTES = "sheetflow.upload.bytes";
    public static final String DOWNLOADS = "sheetflow.downloads";
    public static final String DOWNLOAD_BYTES = "sheetflow.download.bytes";
    public static final String EVENTS_APPENDED = "sheetflow.events.appended";
    public static final String EVENTS_DELIVERED = "sheetflow.events.delivered";
    public static final String EVENT_DELIVERY_LATENCY = "sheetflow.events.delivery.latency";
    public static final String WEBSOCKET_CONNECTIONS = "sheetflow.websocket.connections";
    public static final String WEBSOCKET_MESSAGES = "sheetflow.websocket.messages";
    public static final String PLANNER_OUTCOMES = "sheetflow.planner.outcomes";
    private static final String DELIVERED = "Events handed to live delivery";
    private static final String MESSAGES = "WebSocket messages received (in) and event frames sent (out)";
    /** The {@code operation} tag of a run that ended outside any step (cancelled before it started, worker lost). */
    public static final String NO_OPERATION = "none";

    private final MeterRegistry registry;
    private final TransactionOperations<Connection> transactions;
    // The meters of the busiest paths (every event, every frame), registered once.
    private final Counter deliveredOk;
    private final Counter deliveredFailed;
    private final Timer deliveryLatency;
    private final Counter messagesIn;
    private final Counter messagesOut;

    @jakarta.inject.Inject
    public Meters(@Nullable MeterRegistry registry, @Nullable TransactionOperations<Connection> transactions) {
        this.registry = registry != null ? registry : new CompositeMeterRegistry();
        this.transactions = transactions;
        this.deliveredOk = counter(EVENTS_DELIVERED, DELIVERED, "outcome", "ok");
        this.deliveredFailed = counter(EVENTS_DELIVERED, DELIVERED, "outcome", "failed");
        this.deliveryLatency = Timer.builder(EVENT_DELIVERY_LATENCY)
                .description("From an event's append to its live delivery").register(this.registry);
        this.messagesIn = counter(WEBSOCKET_MESSAGES, MESSAGES, "direction", "in");
        this.messagesOut = counter(WEBSOCKET_MESSAGES, MESSAGES, "direction", "out");
    }

    /** Meters that count into nothing (for code used without the application context). */
    public static Meters none() {
        return new Meters(null, null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A run was accepted (in the transaction that stores it: counted once it commits). */
    public void runQueued() {
        afterCommit(() -> counter(RUNS_QUEUED, "Runs accepted").increment());
    }

    /** A claimed run began, {@code queuedAt} being when it was accepted. */
    public void runStarted(Instant queuedAt) {
        afterCommit(() -> {
            counter(RUNS_STARTED, "Runs a worker began").increment();
            if (queuedAt != null) {
                Timer.builder(RUN_QUEUE_WAIT).description("From a run's acceptance to its start").register(registry)
                        .record(nonNegative(Duration.between(queuedAt, Instant.now())));
            }
        });
    }

    /**
     * A run ended with {@code status}, at a step running {@code operation} (the last step when it completed;
     * {@link #NO_OPERATION} outside a step); {@code startedAt} null when it never started.
     */
    public void runEnded(String status, String operation, @Nullable Instant startedAt) {
        afterCommit(() -> {
            Counter.builder(RUNS_ENDED).description("Runs that ended, by status and the operation they ended at")
                    .tag("status", status).tag("operation", operation).register(registry).increment();
            if (startedAt != null) {
                Timer.builder(RUN_DURATION).description("From a run's start to its end").tag("status", status)
                        .register(registry).record(nonNegative(Duration.between(startedAt, Instant.now())));
            }
        });
    }

    /** A step of a run ended ({@code completed}, {@code failed} or {@code cancelled}) after {@code nanos}. */
    public void stepEnded(String operation, String status, long nanos) {
        Timer.builder(STEP_DURATION).description("How long steps took, by operation and outcome")
                .tag("operation", operation).tag("status", status).register(registry)
                .record(Duration.ofNanos(Math.max(0, nanos)));
    }

    /** An accepted upload of {@code bytes}: {@code transport} is {@code body} (through the API) or {@code direct}. */
    public void uploaded(String transport, long bytes) {
        counter(UPLOADS, "Accepted uploads", "transport", transport).increment();
        Counter.builder(UPLOAD_BYTES).description("Bytes of accepted uploads").baseUnit("bytes")
                .tag("transport", transport).register(registry).increment(Math.max(0, bytes));
    }

    /**
     * A download answered: {@code transport} is {@code stream} (bytes served by this server, {@code bytes} of them)
     * or {@code redirect} (to a presigned URL: bytes unknown here, 0).
     */
    public void downloaded(String transport, long bytes) {
        counter(DOWNLOADS, "Answered downloads", "transport", transport).increment();
        Counter.builder(DOWNLOAD_BYTES).description("Bytes of downloads served by this server").baseUnit("bytes")
                .tag("transport", transport).register(registry).increment(Math.max(0, bytes));
    }

    /** An event of {@code type} was committed to a conversation's log. */
    public void eventAppended(String type) {
        counter(EVENTS_APPENDED, "Events committed to the event log", "type", type).increment();
    }

    /** A committed event was handed to live delivery, {@code nanos} after it was appended. */
    public void eventDelivered(boolean ok, long nanos) {
        if (ok) {
            deliveredOk.increment();
            deliveryLatency.record(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
        } else {
            deliveredFailed.increment();
        }
    }

    /** A WebSocket message: {@code in} from a client, otherwise an event frame sent to one. */
    public void webSocketMessage(boolean in) {
        (in ? messagesIn : messagesOut).increment();
    }

    /** A planner answered a chat message. */
    public void plannerOutcome(String planner, String outcome) {
        counter(PLANNER_OUTCOMES, "Planner answers, by planner and kind", "planner", planner, "outcome", outcome)
                .increment();
    }

    /** What the run counters hold now (what {@code /metrics} shows as {@code sheetflow_runs_*_total}). */
    public RunTotals runTotals() {
        return new RunTotals(count(RUNS_QUEUED, null), count(RUNS_STARTED, null),
                count(RUNS_ENDED, "completed"), count(RUNS_ENDED, "failed"), count(RUNS_ENDED, "cancelled"));
    }

    public record RunTotals(long queued, long started, long completed, long failed, long cancelled) {
    }

    /** The sum of the counters named {@code name} (with that {@code status} tag when one is given). */
    private long count(String name, @Nullable String status) {
        var search = registry.find(name);
        if (status != null) {
            search = search.tag("status", status);
        }
        return Math.round(search.counters().stream().mapToDouble(Counter::count).sum());
    }

    /** A figure read when the meters are published (a queue length, open connections). */
    public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).strongReference(true)
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Inside a transaction: once it commits (a rolled-back transition counts nothing); otherwise now. */
    private void afterCommit(Runnable count) {
        var status = transactions == null ? java.util.Optional.<io.micronaut.transaction.TransactionStatus<Connection>>empty()
                : transactions.findTransactionStatus();
        if (status.isEmpty()) {
            count.run();
            return;
        }
        status.get().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** A status or kind as a tag value: lower case. */
    public static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
