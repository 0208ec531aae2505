package io.sheetflow.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ObjectStore} adapter must do; one subclass per adapter. */
abstract class ObjectStoreContract {
    @TempDir
    Path temp;

    abstract ObjectStore store();

    @Test
    void put_thenGet_returnsSameBytes() throws IOException {
        UUID chat = UUID.randomUUID();
        String key = ObjectKeys.forFile(chat, UUID.randomUUID());
        byte[] content = "a,b\n1,2\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        store().put(key, file(content), "text/csv");
        try (InputStream in = store().get(key)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertTrue(store().exists(key));
    }

    @Test
    void rangedGet_returnsExactlyTheRegion_andStopsAtTheEnd() throws IOException {
        String key = ObjectKeys.forFile(UUID.randomUUID(), UUID.randomUUID());
        byte[] content = new byte[100_000];
        new java.util.Random(7).nextBytes(content);
        store().put(key, file(content), "application/octet-stream");
        try (InputStream in = store().get(key, 0, 10)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 0, 10), in.readAllBytes());
        }
        try (InputStream in = store().get(key, 40_000, 20_000)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 40_000, 60_000), in.readAllBytes());
        }
        try (InputStream in = store().get(key, 99_990, 1_000)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 99_990, 100_000), in.readAllBytes());
        }
        try (InputStream in = store().get(key, 100_000, 10)) {
            assertArrayEquals(new byte[0], in.readAllBytes());
        }
        String missing = ObjectKeys.forFile(UUID.randomUUID(), UUID.randomUUID());
        assertThrows(ObjectNotFoundException.class, () -> store().get(missing, 0, 10).close());
    }

    @Test
    void get_ofMissingKey_throwsObjectNotFound() {
        String key = ObjectKeys.forFile(UUID.randomUUID(), UUID.randomUUID());
        assertThrows(ObjectNotFoundException.class, () -> store().get(key).close());
        assertDoesNotExist(key);
    }

    @Test
    void delete_andDeletePrefix_removeObjectsOfOneConversationOnly() throws IOException {
        UUID chat = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String a = ObjectKeys.forFile(chat, UUID.randomUUID());
        String b = ObjectKeys.forFile(chat, UUID.randomUUID());
        String kept = ObjectKeys.forFile(other, UUID.randomUUID());
        for (String key : new String[]{a, b, kept}) {
            store().put(key, file(key.getBytes(StandardCharsets.UTF_8)), "text/plain");
        }
        store().delete(a);
        assertDoesNotExist(a);
        store().deletePrefix(ObjectKeys.chatPrefix(chat));
        assertDoesNotExist(b);
        assertTrue(store().exists(kept));
    }

    @Test
    void move_leavesTheBytesOnlyAtTheTarget() throws IOException {
        UUID chat = UUID.randomUUID();
        UUID upload = UUID.randomUUID();
        String staged = ObjectKeys.forStagedUpload(chat, upload);
        String target = ObjectKeys.forFile(chat, upload);
        byte[] content = "id,name\n1,Ada\n".getBytes(StandardCharsets.UTF_8);
        store().put(staged, file(content), "text/csv");
        store().move(staged, target);
        assertDoesNotExist(staged);
        try (var in = store().get(target)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        assertThrows(ObjectNotFoundException.class, () -> store().move(staged, target));
    }

    @Test
    void unsafeKeys_areRefusedByKeyRules() {
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.requireSafe("chats/../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.requireSafe("/abs"));
    }

    @Test
    void checkAvailable_passesOnAWorkingStore() throws IOException {
        store().checkAvailable();
    }

    private void assertDoesNotExist(String key) {
        try {
            assertFalse(store().exists(key));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(temp, "obj", ".bin"), content);
    }
}
