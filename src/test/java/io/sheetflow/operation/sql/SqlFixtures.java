package io.sheetflow.operation.sql;

import io.sheetflow.sheet.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.regex.Pattern;

/** Workbooks and helpers shared by the SQL operation tests. */
final class SqlFixtures {

    private static final Pattern GENERATED_AT = Pattern.compile(
            "(?m)^-- Generated at: \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");

    private SqlFixtures() {
    }

    /**
     * Sheet {@code People}: a text, an integer, a decimal, a boolean, a date, a date-time and a text-formatted
     * code; a quote, a backslash, double quotes, unicode and empty cells.
     */
    static Path people(Path directory) throws IOException {
        return TestFiles.xlsx(directory, "people.xlsx", workbook -> {
            var sheet = workbook.createSheet("People");
            TestFiles.row(sheet, 0, "name", "age", "score", "active", "joined", "seen", "code");
            TestFiles.row(sheet, 1, "John Doe", 30, 88.5, true, LocalDate.of(2024, 1, 15),
                    LocalDateTime.of(2024, 1, 15, 10, 30), new TestFiles.Text("007"));
            TestFiles.row(sheet, 2, "O'Brien", 25.5, null, false);
            TestFiles.row(sheet, 3, "C:\\temp \"x\"", null, -1.25, null, LocalDate.of(2023, 12, 31), null, "北京");
        });
    }

    /** The file's text with the generation time replaced by {@code <now>}, after checking its format. */
    static String read(Path file) throws IOException {
        String text = Files.readString(file);
        if (!GENERATED_AT.matcher(text).find()) {
            throw new AssertionError("No '-- Generated at: <UTC instant>' line in:\n" + text);
        }
        return GENERATED_AT.matcher(text).replaceFirst("-- Generated at: <now>");
    }

    /** A CSV of {@code rows} rows {@code n,name}. */
    static Path numbers(Path directory, int rows) throws IOException {
        StringBuilder text = new StringBuilder("n,name\n");
        for (int i = 1; i <= rows; i++) {
            text.append(i).append(",row ").append(i).append('\n');
        }
        return TestFiles.writeUtf8(directory, "numbers.csv", text.toString());
    }
}
