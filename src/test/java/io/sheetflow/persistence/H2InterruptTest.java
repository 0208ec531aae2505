package io.sheetflow.persistence;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.sheetflow.conversation.ConversationRepository;
import io.sheetflow.support.ServerTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A thread interrupted while it commits (a worker stopped at shutdown, a cancelled task) must not close the
 * embedded database under every other request. With H2's default file system the interrupted write closes
 * its FileChannel and H2 shuts the database down; the {@code async:} file system it is configured with does
 * not.
 */
@MicronautTest(transactional = false)
class H2InterruptTest extends ServerTest {
    @Inject
    TransactionOperations<Connection> transactions;
    @Inject
    ConversationRepository conversations;

    @Test
    void aCommitOnAnInterruptedThread_leavesTheDatabaseOpen() throws Exception {
        UUID chat = UUID.fromString(api().createChat());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread interrupted = new Thread(() -> {
            try {
                transactions.executeWrite(status -> {
                    conversations.updateTitle(chat, "written by an interrupted thread", Instant.now());
                    Thread.currentThread().interrupt();
                    return null;
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        interrupted.start();
        interrupted.join();

        assertEquals(null, failure.get(), "the commit itself succeeded");
        assertEquals("written by an interrupted thread", conversations.findById(chat).orElseThrow().title());
        assertEquals(201, api().post("/api/v1/chat/workflows", "{}").status(), "the database still serves requests");
    }
}
