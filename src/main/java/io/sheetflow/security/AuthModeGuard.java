package io.sheetflow.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Refuses to start without authentication unless the server only listens on loopback. */
@Context
@Requires(property = "sheetflow.auth.mode", value = "none")
public class AuthModeGuard {
    private static final Logger LOG = LoggerFactory.getLogger(AuthModeGuard.class);

    public AuthModeGuard(@Value("${micronaut.server.host:127.0.0.1}") String host) throws UnknownHostException {
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new IllegalStateException("sheetflow.auth.mode=none is only allowed when the server listens on "
                    + "loopback; it is configured to listen on " + host);
        }
        LOG.warn("*** AUTHENTICATION IS DISABLED (sheetflow.auth.mode=none): every local client is the admin. ***");
    }
}
