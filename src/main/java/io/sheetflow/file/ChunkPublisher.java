package io.sheetflow.file;

import io.micronaut.core.io.buffer.ReadBuffer;
import io.micronaut.core.io.buffer.ReadBufferFactory;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An InputStream as a publisher of {@code chunkBytes} buffers, read on {@code executor} only as far as the
 * subscriber has asked: reads never run ahead of demand, so a slow client holds at most the chunks it requested.
 * One subscriber; the stream is closed once, at the end, on error or on cancel.
 */
final class ChunkPublisher implements Publisher<ReadBuffer> {
    private final InputStream content;
    private final int chunkBytes;
    private final Executor executor;
    private final ReadBufferFactory buffers;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    ChunkPublisher(InputStream content, int chunkBytes, Executor executor, ReadBufferFactory buffers) {
        this.content = content;
        this.chunkBytes = chunkBytes;
        this.executor = executor;
        this.buffers = buffers;
    }

    @Override
    public void subscribe(Subscriber<? super ReadBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("A download stream has one subscriber"));
            return;
        }
        subscriber.onSubscribe(new Reader(subscriber));
    }

    private final class Reader implements Subscription, Runnable {
        private final Subscriber<? super ReadBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        /** Drain passes owed: only the thread that raised it from 0 drains. */
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean cancelled;
        private boolean done;

        Reader(Subscriber<? super ReadBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                subscriber.onError(new IllegalArgumentException("Reactive Streams 3.9: request must be positive"));
            } else {
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            schedule();
        }

        @Override
        public void cancel() {
            cancelled = true;
            schedule();
        }

        private void schedule() {
            if (work.getAndIncrement() == 0) {
                executor.execute(this);
            }
        }

        @Override
        public void run() {
            int missed = 1;
            do {
                drain();
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        private void drain() {
            while (!done) {
                if (cancelled) {
                    finish();
                    return;
                }
                if (demand.get() == 0) {
                    return;
                }
                byte[] chunk;
                try {
                    chunk = content.readNBytes(chunkBytes);
                } catch (IOException e) {
                    finish();
                    subscriber.onError(e);
                    return;
                }
                if (chunk.length == 0) {
                    finish();
                    subscriber.onComplete();
                    return;
                }
                demand.decrementAndGet();
                subscriber.onNext(buffers.adapt(chunk));
            }
        }

        private void finish() {
            done = true;
            try {
                content.close();
            } catch (IOException ignored) {
                // the download is over either way
            }
        }
    }
}
