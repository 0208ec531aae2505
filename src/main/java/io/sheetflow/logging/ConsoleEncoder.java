package io.sheetflow.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console's encoder ({@link ConsoleLogConfigurator}): {@code text} lines with the configured pattern or
 * {@code json} lines ({@link JsonLogEncoder}), switchable while running ({@link LogFormatSwitch}).
 */
public class ConsoleEncoder extends EncoderBase<ILoggingEvent> {
    private String pattern;
    private LogFormat format = LogFormat.TEXT;
    private volatile Encoder<ILoggingEvent> delegate;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setFormat(String format) {
        this.format = LogFormat.parse(format).orElse(LogFormat.TEXT);
    }

    public LogFormat format() {
        return format;
    }

    @Override
    public void start() {
        delegate = create(format);
        super.start();
    }

    /** From now on, lines in this format. */
    public synchronized void switchTo(LogFormat wanted) {
        if (wanted == format && delegate != null) {
            return;
        }
        Encoder<ILoggingEvent> previous = delegate;
        delegate = create(wanted);
        format = wanted;
        if (previous != null) {
            previous.stop();
        }
    }

    private Encoder<ILoggingEvent> create(LogFormat wanted) {
        Encoder<ILoggingEvent> encoder;
        if (wanted == LogFormat.JSON) {
            encoder = new JsonLogEncoder();
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            encoder = text;
        }
        encoder.setContext(getContext());
        encoder.start();
        return encoder;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }
}
