package io.sheetflow.file;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesystemObjectStoreTest extends ObjectStoreContract {
    private FilesystemObjectStore store;
    private Path root;

    @BeforeEach
    void createStore() throws IOException {
        root = temp.resolve("objects");
        store = new FilesystemObjectStore(root);
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Test
    void objectsLiveUnderTheRootAtTheirKey() throws IOException {
        String key = ObjectKeys.forFile(UUID.randomUUID(), UUID.randomUUID());
        store.put(key, file(new byte[]{1, 2, 3}), "application/octet-stream");
        assertTrue(Files.isRegularFile(root.resolve(key)));
        assertEquals(root.resolve(key), store.localPath(key).orElseThrow());
    }

    @Test
    void keysThatWouldEscapeTheRoot_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> store.get("chats/../../../etc/passwd"));
    }
}
