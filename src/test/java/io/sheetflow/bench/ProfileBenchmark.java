package io.sheetflow.bench;

import io.sheetflow.operation.normalize.ClusterOperation;
import io.sheetflow.profile.TableProfiler;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Speed and memory of file profiles and value clusters on the reference workload, each beside a baseline measured
 * in the same run; prints figures and asserts nothing about them:
 * <pre>
 * ./mvnw -q -B -ntp -Pbenchmark test -Dtest=ProfileBenchmark
 * </pre>
 * <ul>
 *   <li>profile of the 1M x 10 CSV, streamed (what the endpoint does), against a naive whole-file read (every row
 *   held in a list, then the same figures computed over the list);</li>
 *   <li>clusters of a 1M-value column with 50k distinct values, per method, against reading the same column
 *   without clustering.</li>
 * </ul>
 * Both profiles also run once in a JVM of their own limited to 96 MB of heap: the streamed one finishes there, the
 * whole-file read does not. Peak heap is the sum of the heap pools' peaks after a GC and a peak reset (garbage not yet collected included).
 */
@Tag("benchmark")
class ProfileBenchmark {

    private static final int ROWS = 1_000_000;
    private static final int RUNS = 3;
    private static final String SMALL_HEAP = "96m";

    @TempDir
    Path directory;

    @Test
    void profileAndClusters_onTheReferenceWorkload() throws Exception {
        System.out.printf(Locale.ROOT, "max heap %d MB, %d processors%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        Path csv = WorkloadGenerator.writeCsv(directory.resolve("bench_1m.csv"), ROWS);
        for (int run = 1; run <= RUNS; run++) {
            measure("profile, streamed (run " + run + ")", () -> profileStreamed(csv));
        }
        measure("baseline: profile after a whole-file read", () -> profileAfterWholeRead(csv));
        for (String mode : List.of("streamed", "whole-file")) {
            inSmallHeap(csv, mode);
        }
        measure("baseline: reading the CSV only", () -> readOnly(csv));

        Path column = companies(directory.resolve("companies_1m.csv"));
        measure("baseline: reading the 1M-value column only", () -> readOnly(column));
        for (String method : ClusterOperation.METHODS) {
            measure("cluster, " + method, () -> {
                try (TableReader reader = TableReaders.open(column, SheetFormat.CSV, null)) {
                    Map<String, Object> found = ClusterOperation.cluster(reader,
                            new ClusterOperation.Arguments("company", method, 2, 100, null), null);
                    return found.get("distinct_values") + " distinct, " + found.get("clusters_found") + " clusters";
                }
            });
        }
    }

    private static String readOnly(Path csv) throws Exception {
        long rows = 0;
        try (TableReader reader = TableReaders.open(csv, SheetFormat.CSV, null)) {
            while (reader.nextRow() != null) {
                rows++;
            }
        }
        return rows + " rows";
    }

    private static String profileStreamed(Path csv) throws Exception {
        try (TableReader reader = TableReaders.open(csv, SheetFormat.CSV, null)) {
            return TableProfiler.profile(reader, TableProfiler.DEFAULT_TRACKED_VALUES).rows() + " rows";
        }
    }

    private static String profileAfterWholeRead(Path csv) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        List<String> header;
        try (TableReader reader = TableReaders.open(csv, SheetFormat.CSV, null)) {
            header = reader.header();
            for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
                rows.add(row);
            }
        }
        try (TableReader inMemory = new ListReader(header, rows)) {
            return TableProfiler.profile(inMemory, TableProfiler.DEFAULT_TRACKED_VALUES).rows() + " rows";
        }
    }

    /** The profile in a JVM of its own limited to {@value #SMALL_HEAP}: it finishes, or runs out of memory. */
    private static void inSmallHeap(Path csv, String mode) throws Exception {
        Path log = csv.resolveSibling("probe-" + mode + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + SMALL_HEAP, "-cp", System.getProperty("java.class.path"), ProfileBenchmark.class.getName(),
                mode, csv.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        String output = java.nio.file.Files.readString(log);
        boolean outOfMemory = output.contains("OutOfMemoryError");
        String last = output.lines().filter(l -> l.startsWith("profile")).reduce((a, b) -> b).orElse("");
        System.out.printf(Locale.ROOT, "%-48s %s%n", "profile " + mode + " in -Xmx" + SMALL_HEAP,
                outOfMemory ? "OutOfMemoryError" : exit == 0 ? "finished: " + last : "exit " + exit);
    }

    /** {@code streamed|whole-file <csv>}: one profile, for {@link #inSmallHeap}. */
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[1]);
        long started = System.nanoTime();
        String result = "streamed".equals(args[0]) ? profileStreamed(csv) : profileAfterWholeRead(csv);
        System.out.printf(Locale.ROOT, "profile %d ms (%s)%n", (System.nanoTime() - started) / 1_000_000, result);
    }

    /**
     * 1M cells of 12,500 company names, each written four ways (as is, upper case, with a trailing dot, with a
     * doubled space): 50,000 distinct values.
     */
    private static Path companies(Path file) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        try (TableWriter writer = TableWriters.create(file, SheetFormat.CSV, WriteOptions.plain())) {
            writer.header(List.of("company"));
            for (int i = 0; i < ROWS; i++) {
                int name = random.nextInt(12_500);
                String base = "Company " + Integer.toString(name * 7919 % 1_000_003, 36) + " Holdings";
                String value = switch (random.nextInt(4)) {
                    case 0 -> base;
                    case 1 -> base.toUpperCase(Locale.ROOT);
                    case 2 -> base + ".";
                    default -> base.replace(" ", "  ");
                };
                writer.row(new Object[] {value});
            }
        }
        return file;
    }

    private static void measure(String name, Callable<String> scenario) throws Exception {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        String result = scenario.call();
        long millis = (System.nanoTime() - started) / 1_000_000;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "%-48s %6d ms, peak heap %5d MB (%s)%n", name, millis, peak >> 20, result);
    }

    /** A table held in memory, for the naive baseline. */
    private static final class ListReader implements TableReader {
        private final List<String> header;
        private final Iterator<Object[]> rows;
        private final int size;
        private long read;

        ListReader(List<String> header, List<Object[]> rows) {
            this.header = header;
            this.rows = rows.iterator();
            this.size = rows.size();
        }

        @Override
        public List<String> header() {
            return header;
        }

        @Override
        public Object[] nextRow() {
            if (!rows.hasNext()) {
                return null;
            }
            read++;
            return rows.next();
        }

        @Override
        public long rowsRead() {
            return read;
        }

        @Override
        public long estimatedTotalRows() {
            return size;
        }

        @Override
        public String sheetName() {
            return null;
        }

        @Override
        public List<String> sheetNames() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
