package io.sheetflow.operation.rest;

import io.micronaut.http.multipart.CompletedPart;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the parts of a multipart body one at a time on a blocking thread, requesting the next part only when
 * the previous one has been handled (so at most one part waits in memory). Closing it cancels the rest.
 */
final class BlockingParts implements Subscriber<CompletedPart>, AutoCloseable {
    private static final Object END = new Object();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long timeoutMillis;
    private volatile Subscription subscription;
    private boolean done;
    private boolean started;

    BlockingParts(Publisher<CompletedPart> body, long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        body.subscribe(this);
    }

    /** The next part, or null at the end of the body. */
    CompletedPart next() throws Exception {
        if (done) {
            return null;
        }
        Subscription s = subscription;
        if (started && s != null) {
            s.request(1);
        }
        started = true;
        Object item = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new java.util.concurrent.TimeoutException("The multipart body stopped arriving");
        }
        if (item == END) {
            done = true;
            return null;
        }
        if (item instanceof Throwable failure) {
            done = true;
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }
        return (CompletedPart) item;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        // next() may already be waiting: ask for the first part now, later parts one by one.
        s.request(1);
    }

    @Override
    public void onNext(CompletedPart part) {
        queue.add(part);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public void close() {
        Subscription s = subscription;
        if (s != null && !done) {
            s.cancel();
        }
    }
}
