package io.sheetflow.bench;

import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the reference benchmark workload (described in docs/benchmarks.md) deterministically: the
 * same row count always gives the same rows.
 *
 * <pre>
 * ./mvnw -q -B -o test-compile
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.sheetflow.bench.WorkloadGenerator benchmark-output
 * </pre>
 * (with {@code ./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt} for the class path).
 */
public final class WorkloadGenerator {

    public static final List<String> COLUMNS = List.of("id", "first_name", "last_name", "email", "age", "city",
            "country", "signup_date", "score", "status");

    private static final String[] FIRST_NAMES = {"Alice", "Bob", "Charlie", "Diana", "Edward", "Fiona", "George",
        "Hannah", "Ivan", "Julia", "Kevin", "Laura", "Mohamed", "Nina", "Oscar", "Paula", "Quentin", "Rosa",
        "Samuel", "Tina", "Umar", "Vera", "William", "Xenia", "Yusuf", "Zoe", "Amelie", "Bruno", "Chloe", "Dmitri"};
    private static final String[] LAST_NAMES = {"Smith", "Johnson", "Nguyen", "Garcia", "Müller", "Rossi",
        "Dubois", "Kowalski", "Tanaka", "Silva", "O'Brien", "McDonald", "van Dijk", "Jensen", "Novak", "Haddad",
        "Petrov", "Andersson", "Costa", "Schmidt"};
    private static final String[] DOMAINS = {"Example.COM", "mail.net", "Post.Org", "EXAMPLE.io", "inbox.De"};
    private static final String[] CITIES = {"Paris", "Berlin", "Hanoi", "Lisbon", "Toronto", "Nairobi", "Osaka",
        "Madrid", "Krakow", "Austin", "Lyon", "Porto", "Seoul", "Dublin", "Oslo"};
    private static final String[] COUNTRIES = {"FR", "DE", "VN", "PT", "CA", "KE", "JP", "ES", "PL", "US", "IE",
        "NO", "KR", "GB", "IT"};
    private static final String[] STATUSES = {"active", "inactive", "pending", "banned"};
    private static final LocalDate FIRST_SIGNUP = LocalDate.of(2019, 1, 1);
    private static final long SEED = 20_240_115L;

    private WorkloadGenerator() {
    }

    /**
     * {@code rows} data rows in sheet {@code Sheet1}: numbers as numeric cells, {@code signup_date} as date cells
     * ({@code yyyy-mm-dd}), text in the shared strings table as Excel and openpyxl write it.
     */
    public static Path writeXlsx(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            Workbook workbook = new Workbook(out, "WorkloadGenerator", "1.0");
            Worksheet sheet = workbook.newWorksheet("Sheet1");
            for (int c = 0; c < COLUMNS.size(); c++) {
                sheet.value(0, c, COLUMNS.get(c));
            }
            for (int id = 1; id <= rows; id++) {
                Object[] row = row(id, random);
                for (int c = 0; c < row.length; c++) {
                    if (row[c] instanceof String text) {
                        sheet.value(id, c, text);
                    } else if (row[c] instanceof LocalDate date) {
                        sheet.value(id, c, date);
                        sheet.style(id, c).format("yyyy-mm-dd").set();
                    } else {
                        sheet.value(id, c, (Number) row[c]);
                    }
                }
                if (id % 1_000 == 0) {
                    sheet.flush();
                }
            }
            workbook.finish();
        }
        return file;
    }

    /** {@code rows} data rows, UTF-8, comma-separated, ISO dates. */
    public static Path writeCsv(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (TableWriter writer = TableWriters.create(file, SheetFormat.CSV, WriteOptions.plain())) {
            writer.header(COLUMNS);
            for (int id = 1; id <= rows; id++) {
                writer.row(row(id, random));
            }
        }
        return file;
    }

    static Object[] row(long id, SplittableRandom random) {
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String lastMixedCase = switch (random.nextInt(4)) {
            case 0 -> last.toUpperCase(Locale.ROOT);
            case 1 -> last.toLowerCase(Locale.ROOT);
            default -> last;
        };
        String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT).replaceAll("[^a-zü]", "")
                + random.nextInt(100) + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
        String firstName = id % 7 == 0 ? "  " + first + " " : first;
        return new Object[] {
            id,
            firstName,
            lastMixedCase,
            email,
            (long) (18 + random.nextInt(73)),
            CITIES[random.nextInt(CITIES.length)],
            COUNTRIES[random.nextInt(COUNTRIES.length)],
            FIRST_SIGNUP.plusDays(random.nextInt(2_000)),
            (long) random.nextInt(100_001),
            STATUSES[random.nextInt(STATUSES.length)],
        };
    }

    /** Writes {@code bench_100k.xlsx} and {@code bench_1m.csv} into the directory given (default benchmark-output). */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0] : "benchmark-output");
        Files.createDirectories(directory);
        Path xlsx = writeXlsx(directory.resolve("bench_100k.xlsx"), 100_000);
        Path csv = writeCsv(directory.resolve("bench_1m.csv"), 1_000_000);
        for (Path file : List.of(xlsx, csv)) {
            System.out.printf(Locale.ROOT, "%s: %.1f MB%n", file, Files.size(file) / 1e6);
        }
    }
}
