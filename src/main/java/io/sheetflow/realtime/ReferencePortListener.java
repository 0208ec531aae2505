package io.sheetflow.realtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration.NettyListenerConfiguration;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * A second Netty listener on Pycelize's WebSocket port ({@code sheetflow.websocket.reference-port}, off by
 * default; Pycelize served WebSockets on 5051), so its clients connect to {@code ws://host:5051/chat/{id}}
 * unchanged. The server's own listener stays first, so {@code EmbeddedServer.getPort()} still names it;
 * {@link ReferencePortFilter} keeps the second one to WebSocket paths.
 */
@Singleton
@Requires(property = "sheetflow.websocket.reference-port")
@Requires(notEnv = "lambda")
@Requires(classes = NettyHttpServerConfiguration.class)
public class ReferencePortListener implements BeanCreatedEventListener<NettyHttpServerConfiguration> {
    private final int referencePort;

    public ReferencePortListener(@Value("${sheetflow.websocket.reference-port}") int referencePort) {
        this.referencePort = referencePort;
    }

    @Override
    public NettyHttpServerConfiguration onCreated(BeanCreatedEvent<NettyHttpServerConfiguration> event) {
        NettyHttpServerConfiguration config = event.getBean();
        if (config.getListeners() == null || config.getListeners().isEmpty()) {
            String host = config.getHost().orElse(null);
            int port = config.getPort().orElse(-1);
            config.setListeners(List.of(NettyListenerConfiguration.createTcp(host, port, false, null, null),
                    NettyListenerConfiguration.createTcp(host, referencePort, false, null, null)));
        }
        return config;
    }
}
