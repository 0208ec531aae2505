package io.sheetflow.file;

import io.sheetflow.api.ApiException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * A multipart file part's content that refuses to end early: when the body stops before the part's closing
 * boundary (a client cut short), the decoder still ends the stream, with only the bytes it has seen. At that
 * end this stream asks whether the part completed and, if not, fails the upload with a 400 instead of letting
 * a truncated file be stored as a whole one.
 */
final class CompletePartStream extends FilterInputStream {
    private final BooleanSupplier complete;

    CompletePartStream(InputStream in, BooleanSupplier complete) {
        super(in);
        this.complete = complete;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkComplete();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            checkComplete();
        }
        return n;
    }

    private void checkComplete() {
        if (!complete.getAsBoolean()) {
            throw ApiException.badRequest("Malformed multipart request: the body ended before the closing boundary of the part 'file' "
                            + "(the upload was cut short); nothing was stored");
        }
    }
}
