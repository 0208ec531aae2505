package io.sheetflow.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sheetflow.support.HttpExchange;
import io.sheetflow.support.HttpExchange.Reply;
import io.sheetflow.support.JdkExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void localUploadUrl_refusesAWrongToken_andABodyLongerThanDeclared() {
        String chat = newChat(alice);
        JsonNode ticket = startUpload(alice, chat, "people.csv", PEOPLE_CSV.length, null);
        String url = ticket.get("upload_url").asText();
        Reply forged = JdkExchange.sendTo(URI.create(url.replaceAll("upload_token=[^&]+", "upload_token=forged")),
                "PUT", Map.of("Content-Type", "text/csv"), PEOPLE_CSV);
        assertEquals(403, forged.status(), forged.toString());
        assertEnvelope(forged);
        Reply tooLong = putContent(ticket, (new String(PEOPLE_CSV, StandardCharsets.UTF_8) + "3,Cy,cy@example.com\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(413, tooLong.status(), tooLong.toString());
        assertEquals(201, directUploadAfter(ticket, chat).status(), "a correct PUT still completes");
    }

    private Reply directUploadAfter(JsonNode ticket, String chat) {
        putContent(ticket, PEOPLE_CSV);
        return complete(alice, chat, ticket);
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
