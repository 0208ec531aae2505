package io.sheetflow.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe from the thread writing an archive to the response that reads it: at most {@code capacity}
 * chunks are buffered, so the heap stays flat whatever the archive's size. Unlike {@link java.io.PipedInputStream}
 * it does not care which (pool) thread reads. A writer failure reaches the reader as an {@link IOException}, so the
 * response ends short instead of looking complete; a reader that closes early makes the writer's next write fail.
 */
final class ArchivePipe {
    private static final byte[] END = new byte[0];
    private static final long WAIT_SECONDS = 300;

    private final BlockingQueue<byte[]> chunks;
    private final int chunkSize;
    private volatile boolean readerClosed;
    private volatile IOException failure;

    ArchivePipe(int capacity, int chunkSize) {
        this.chunks = new ArrayBlockingQueue<>(capacity);
        this.chunkSize = chunkSize;
    }

    OutputStream sink() {
        return new Sink();
    }

    InputStream source() {
        return new Source();
    }

    /** Ends the stream with an error instead of its end. */
    void fail(IOException e) {
        failure = e;
        chunks.clear();
        chunks.offer(END);
    }

    private final class Sink extends OutputStream {
        private byte[] buffer = new byte[chunkSize];
        private int used;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                flushChunk();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk() throws IOException {
            if (used > 0) {
                put(used == buffer.length ? buffer : Arrays.copyOf(buffer, used));
                buffer = new byte[chunkSize];
                used = 0;
            }
        }

        private void put(byte[] chunk) throws IOException {
            try {
                while (!chunks.offer(chunk, 1, TimeUnit.SECONDS)) {
                    if (readerClosed) {
                        throw new IOException("The archive's reader went away");
                    }
                }
                if (readerClosed) {
                    throw new IOException("The archive's reader went away");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while writing the archive");
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                flushChunk();
                put(END);
            }
        }
    }

    private final class Source extends InputStream {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                byte[] next;
                try {
                    next = chunks.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while reading the archive");
                }
                if (next == null) {
                    throw new IOException("The archive's writer stalled");
                }
                if (next == END) {
                    ended = true;
                    if (failure != null) {
                        throw failure;
                    }
                    return -1;
                }
                current = next;
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            readerClosed = true;
            chunks.clear();
        }
    }
}
