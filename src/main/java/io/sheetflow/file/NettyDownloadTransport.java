package io.sheetflow.file;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.naming.Named;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpVersion;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zero-copy downloads on the Netty server. Micronaut 4.10 writes a SystemFile through an InputStream in 8 KiB
 * arrays handed from the blocking executor to the event loop (about a tenth of the disk's speed); it has no
 * FileRegion path. This bean is also a Netty outbound handler, which Micronaut puts in every HTTP/1 connection's
 * pipeline between the codec and its own handler: a response marked by {@link #fileRegion} leaves as its headers,
 * a {@link DefaultFileRegion} (sendfile on Linux) and the last-content marker. The file is opened by the request
 * thread, so a missing file is still a 404 and a file deleted mid-download is still sent whole.
 */
@Singleton
@ChannelHandler.Sharable
@Requires(classes = NettyHttpRequest.class)
@Requires(notEnv = "lambda")
public class NettyDownloadTransport extends ChannelOutboundHandlerAdapter implements DownloadTransport, Named {
    static final String HANDLER_NAME = "sheetflow-file-region";
    /** Internal: names the pending region of a response; removed before the headers are encoded. */
    static final String REGION_HEADER = "X-Sheetflow-File-Region";
    static final int STREAM_CHUNK_BYTES = 256 * 1024;
    private static final AttributeKey<Map<String, DefaultFileRegion>> PENDING =
            AttributeKey.valueOf("sheetflow-pending-file-regions");

    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService blocking;

    public NettyDownloadTransport(@jakarta.inject.Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.blocking = blocking;
    }

    @Override
    public String getName() {
        return HANDLER_NAME;
    }

    @Override
    public Optional<MutableHttpResponse<?>> fileRegion(HttpRequest<?> request, MutableHttpResponse<?> response,
                                                       Path file, long offset, long length) throws IOException {
        if (!(request instanceof NettyHttpRequest<?> netty) || request.getMethod() != HttpMethod.GET
                || request.getHttpVersion() == HttpVersion.HTTP_2_0) {
            return Optional.empty();
        }
        Channel channel = netty.getChannelHandlerContext().channel();
        if (channel.pipeline().get(HANDLER_NAME) == null || channel.pipeline().get(SslHandler.class) != null) {
            return Optional.empty();
        }
        FileChannel content;
        try {
            content = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(file.getFileName().toString());
        }
        DefaultFileRegion region = new DefaultFileRegion(content, offset, length);
        String id = Long.toString(ids.incrementAndGet());
        Map<String, DefaultFileRegion> pending = pending(channel);
        pending.put(id, region);
        if (!channel.isActive()) {
            // Closed before the registration: the close listener may have run already.
            release(pending.remove(id));
        }
        return Optional.of(response.header(REGION_HEADER, id));
    }

    private static Map<String, DefaultFileRegion> pending(Channel channel) {
        Map<String, DefaultFileRegion> existing = channel.attr(PENDING).get();
        if (existing != null) {
            return existing;
        }
        Map<String, DefaultFileRegion> created = new ConcurrentHashMap<>();
        Map<String, DefaultFileRegion> raced = channel.attr(PENDING).setIfAbsent(created);
        if (raced != null) {
            return raced;
        }
        // A response that never reached the socket (connection gone first) closes its file with the connection.
        channel.closeFuture().addListener(f -> created.keySet().forEach(id -> release(created.remove(id))));
        return created;
    }

    private static void release(DefaultFileRegion region) {
        if (region != null) {
            ReferenceCountUtil.release(region);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse response) || !response.headers().contains(REGION_HEADER)) {
            ctx.write(msg, promise);
            return;
        }
        String id = response.headers().get(REGION_HEADER);
        Map<String, DefaultFileRegion> pending = ctx.channel().attr(PENDING).get();
        DefaultFileRegion region = pending == null ? null : pending.remove(id);
        ReferenceCountUtil.release(msg);
        if (region == null) {
            promise.setFailure(new IllegalStateException("No pending file region " + id));
            ctx.close();
            return;
        }
        HttpResponse head = new DefaultHttpResponse(response.protocolVersion(), response.status(), response.headers());
        head.headers().remove(REGION_HEADER).remove(HttpHeaderNames.TRANSFER_ENCODING);
        HttpUtil.setContentLength(head, region.count());
        ctx.write(head, ctx.voidPromise());
        ctx.write(region, ctx.voidPromise());
        ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, promise);
    }

    @Override
    public Object stream(HttpRequest<?> request, InputStream content, long length) {
        if (!(request instanceof ServerHttpRequest<?> server)) {
            throw new IllegalStateException("Not a server request: " + request);
        }
        var chunks = new ChunkPublisher(content, STREAM_CHUNK_BYTES, blocking,
                server.byteBodyFactory().readBufferFactory());
        return server.byteBodyFactory().adapt(chunks, OptionalLong.of(length));
    }
}
