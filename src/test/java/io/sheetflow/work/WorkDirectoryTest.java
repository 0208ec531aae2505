package io.sheetflow.work;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sheetflow.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server starts on a data directory whose work folder holds what a killed process left behind. */
@MicronautTest
class WorkDirectoryTest extends ServerTest {
    private final List<Path> leftovers;

    WorkDirectoryTest() throws IOException {
        Path work = dataDir.resolve("work");
        leftovers = List.of(
                write(work.resolve("uploads/upload-123.part")),
                write(work.resolve("runs/4f1c0c8e-0000-0000-0000-000000000000/step-0/people_converted.xlsx")),
                write(work.resolve("stateless/request-9/input.csv")),
                write(work.resolve("preview/rows-1/people.csv")));
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "left by a killed process");
    }

    @Test
    void filesLeftInTheWorkDirectoryByADeadProcess_areRemovedAtStart() throws IOException {
        for (Path leftover : leftovers) {
            assertFalse(Files.exists(leftover), leftover + " was removed");
        }
        try (Stream<Path> walk = Files.walk(dataDir.resolve("work"))) {
            assertEquals(List.of(), walk.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void uploadsAndRunsWorkAfterTheCleanup() {
        String chat = api().createChat();
        var answer = api().upload(chat, "a.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.status(), answer.body().toString());
        assertTrue(Files.isDirectory(dataDir.resolve("work/uploads")));
    }
}
