package io.sheetflow.contract;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.support.HttpExchange;
import io.sheetflow.support.JdkExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;

/** The contract on the Netty server over real HTTP, with H2 and the filesystem store (uploads PUT to the server). */
class NettyControllerContractTest extends ControllerContract {
    private EmbeddedServer server;
    private HttpExchange exchange;

    @BeforeAll
    void start() throws Exception {
        var properties = commonProperties(Files.createTempDirectory("sheetflow-contract-netty-"));
        server = ApplicationContext.run(EmbeddedServer.class, properties, "test");
        exchange = new JdkExchange(server.getURI());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Override
    protected HttpExchange exchange() {
        return exchange;
    }

    @Override
    protected ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    protected boolean downloadsRedirect() {
        return false;
    }
}
