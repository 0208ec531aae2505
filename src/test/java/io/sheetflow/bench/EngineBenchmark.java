package io.sheetflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.OperationContext;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.operation.csv.CsvToExcelOperation;
import io.sheetflow.operation.excel.ExcelInfoOperation;
import io.sheetflow.operation.excel.ExtractColumnsToFileOperation;
import io.sheetflow.operation.normalize.NormalizationApplyOperation;
import io.sheetflow.operation.search.ExcelSearchOperation;
import io.sheetflow.sheet.ReadOptions;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableReader;
import io.sheetflow.sheet.TableReaders;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Manual speed check of the engine on the reference workload (not a unit test). Prints wall time, the process's
 * CPU time (all threads, GC and JIT included) and peak heap per run, five runs per scenario in one JVM:
 * <pre>
 * ./mvnw -q -B -o test-compile &amp;&amp; ./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx256m -cp target/classes:target/test-classes:$(cat cp.txt) io.sheetflow.bench.EngineBenchmark \
 *      benchmark-output [read-xlsx|extract|info|csv-to-xlsx|normalize|normalize-stats|search|all|scaling]
 * </pre>
 * The workload files are generated on first use by {@link WorkloadGenerator}.
 */
public final class EngineBenchmark {

    private static final int RUNS = 5;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private EngineBenchmark() {
    }

    @FunctionalInterface
    private interface Scenario {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "benchmark-output");
        String which = args.length > 1 ? args[1] : "all";
        Files.createDirectories(directory);
        Path xlsx = directory.resolve("bench_100k.xlsx");
        Path csv = directory.resolve("bench_1m.csv");
        if (!Files.exists(xlsx)) {
            WorkloadGenerator.writeXlsx(xlsx, 100_000);
        }
        if (!Files.exists(csv)) {
            WorkloadGenerator.writeCsv(csv, 1_000_000);
        }
        Path outputs = Files.createTempDirectory(directory, "out");
        System.out.printf(Locale.ROOT, "max heap %d MB, %d cpus%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        if (which.equals("all") || which.equals("read-xlsx")) {
            measure("(a) read 100k x 10 xlsx", () -> readAll(xlsx));
        }
        if (which.equals("all") || which.equals("info")) {
            measure("excel/info 100k x 10 xlsx", () -> new ExcelInfoOperation()
                    .execute(new ExcelInfoOperation.Arguments(null), context(xlsx, SheetFormat.XLSX, outputs))
                    .data().get("rows"));
        }
        if (which.equals("all") || which.equals("extract")) {
            measure("(b) excel/extract-columns-to-file id,email,signup_date", () -> new ExtractColumnsToFileOperation()
                    .execute(new ExtractColumnsToFileOperation.Arguments(List.of("id", "email", "signup_date"),
                            false, null), context(xlsx, SheetFormat.XLSX, outputs)).data().get("output_rows"));
        }
        if (which.equals("all") || which.equals("csv-to-xlsx")) {
            measure("(c) csv/convert-to-excel 1M x 10", () -> new CsvToExcelOperation()
                    .execute(new CsvToExcelOperation.Arguments(null), context(csv, SheetFormat.CSV, outputs))
                    .data().get("rows"));
        }
        if (which.equals("all") || which.equals("normalize")) {
            measure("(d) normalization/apply 3 columns 100k x 10 xlsx", () -> new NormalizationApplyOperation()
                    .execute(NORMALIZE_REFERENCE_COLUMNS, context(xlsx, SheetFormat.XLSX, outputs))
                    .data().get("output_rows"));
        }
        if (which.equals("normalize-stats")) {
            measure("normalization/apply z_score + fill mean + outliers", () -> new NormalizationApplyOperation()
                    .execute(NORMALIZE_WITH_STATISTICS, context(xlsx, SheetFormat.XLSX, outputs))
                    .data().get("output_rows"));
        }
        if (which.equals("all") || which.equals("search")) {
            measure("excel/search 100k x 10 xlsx, contains + greater_than", () -> new ExcelSearchOperation()
                    .execute(SEARCH, context(xlsx, SheetFormat.XLSX, outputs)).data().get("filtered_rows"));
        }
        if (which.equals("read-csv")) {
            measure("read 1M x 10 csv", () -> readAll(csv));
        }
        if (which.equals("scaling")) {
            scaling(directory, outputs);
        }
    }

    /**
     * How cost grows with rows: each operation on 10k, 100k and 1M rows (same columns), one timed run per size
     * after a warm-up, printing time, rows/s, process CPU and peak heap, and the time per row relative to 10k.
     */
    private static void scaling(Path directory, Path outputs) throws Exception {
        int[] sizes = {10_000, 100_000, 1_000_000};
        Path[] xlsx = new Path[sizes.length];
        Path[] csv = new Path[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            xlsx[i] = directory.resolve("scale_" + sizes[i] + ".xlsx");
            csv[i] = directory.resolve("scale_" + sizes[i] + ".csv");
            if (!Files.exists(xlsx[i])) {
                WorkloadGenerator.writeXlsx(xlsx[i], sizes[i]);
            }
            if (!Files.exists(csv[i])) {
                WorkloadGenerator.writeCsv(csv[i], sizes[i]);
            }
        }
        Map<String, ScaledScenario> scenarios = new LinkedHashMap<>();
        scenarios.put("excel/info", file -> new ExcelInfoOperation()
                .execute(new ExcelInfoOperation.Arguments(null), context(file, SheetFormat.XLSX, outputs)));
        scenarios.put("excel/extract-columns-to-file", file -> new ExtractColumnsToFileOperation()
                .execute(new ExtractColumnsToFileOperation.Arguments(List.of("id", "email", "signup_date"), false, null),
                        context(file, SheetFormat.XLSX, outputs)));
        scenarios.put("normalization/apply (3 columns)", file -> new NormalizationApplyOperation()
                .execute(NORMALIZE_REFERENCE_COLUMNS, context(file, SheetFormat.XLSX, outputs)));
        scenarios.put("excel/search", file -> new ExcelSearchOperation().execute(SEARCH, context(file, SheetFormat.XLSX, outputs)));
        scenarios.put("csv/convert-to-excel", file -> new CsvToExcelOperation()
                .execute(new CsvToExcelOperation.Arguments(null), context(file, SheetFormat.CSV, outputs)));
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %11s %9s %9s %12s%n", "operation", "rows", "ms", "rows/s",
                "cpu ms", "heap MB", "us/row (x10k)");
        for (Map.Entry<String, ScaledScenario> scenario : scenarios.entrySet()) {
            boolean fromCsv = scenario.getKey().startsWith("csv/");
            scenario.getValue().run(fromCsv ? csv[0] : xlsx[0]); // warm-up
            double baseline = 0;
            for (int i = 0; i < sizes.length; i++) {
                Path input = fromCsv ? csv[i] : xlsx[i];
                System.gc();
                List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
                heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
                long start = System.nanoTime();
                long cpuStart = OS.getProcessCpuTime();
                scenario.getValue().run(input);
                long nanos = System.nanoTime() - start;
                long cpu = (OS.getProcessCpuTime() - cpuStart) / 1_000_000;
                long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
                double microsPerRow = nanos / 1000.0 / sizes[i];
                if (i == 0) {
                    baseline = microsPerRow;
                }
                System.out.printf(Locale.ROOT, "%-34s %9d %9d %11.0f %9d %9d %7.2f (x%.2f)%n", scenario.getKey(), sizes[i],
                        nanos / 1_000_000, sizes[i] / (nanos / 1e9), cpu, peak >> 20, microsPerRow, microsPerRow / baseline);
            }
        }
    }

    @FunctionalInterface
    private interface ScaledScenario {
        void run(Path input) throws Exception;
    }

    /** The benchmark workload's normalization part (docs/benchmarks.md). */
    private static final NormalizationApplyOperation.Arguments NORMALIZE_REFERENCE_COLUMNS = arguments(
            NormalizationApplyOperation.Arguments.class, """
            {"normalizations": [
              {"column_name": "first_name", "normalization_type": "trim_whitespace"},
              {"column_name": "email", "normalization_type": "lowercase"},
              {"column_name": "last_name", "normalization_type": "title_case"}]}""");
    /** Normalizations that need column statistics; the two chained on age make three streaming passes. */
    private static final NormalizationApplyOperation.Arguments NORMALIZE_WITH_STATISTICS = arguments(
            NormalizationApplyOperation.Arguments.class, """
            {"normalizations": [
              {"column_name": "score", "normalization_type": "z_score"},
              {"column_name": "age", "normalization_type": "fill_null_values", "parameters": {"method": "median"}},
              {"column_name": "age", "normalization_type": "outlier_removal"}]}""");
    private static final ExcelSearchOperation.Arguments SEARCH = arguments(ExcelSearchOperation.Arguments.class, """
            {"conditions": [{"column": "email", "operator": "contains", "value": "example"},
                            {"column": "score", "operator": "greater_than", "value": 50000}]}""");

    private static <A> A arguments(Class<A> type, String json) {
        try {
            return new ObjectMapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long readAll(Path file) throws Exception {
        SheetFormat format = SheetFormat.fromFileName(file.toString()).orElseThrow();
        try (TableReader reader = TableReaders.open(file, format, ReadOptions.firstSheet())) {
            long rows = 0;
            while (reader.nextRow() != null) {
                rows++;
            }
            return rows;
        }
    }

    private static OperationContext context(Path input, SheetFormat format, Path outputs) throws Exception {
        Path runDirectory = Files.createTempDirectory(outputs, "run");
        return new TestOperationContext(new InputFile("bench", input.getFileName().toString(), format, input,
                Files.size(input)), runDirectory, ProgressReporter.NONE);
    }

    private static void measure(String name, Scenario scenario) throws Exception {
        List<Long> millis = new ArrayList<>();
        long worstPeak = 0;
        for (int run = 1; run <= RUNS; run++) {
            System.gc();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            long cpuStart = OS.getProcessCpuTime();
            Object result = scenario.run();
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            long cpu = (OS.getProcessCpuTime() - cpuStart) / 1_000_000;
            long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            worstPeak = Math.max(worstPeak, peak);
            millis.add(elapsed);
            System.out.printf(Locale.ROOT, "%-55s run %d: %6d ms (process cpu %6d ms), peak heap %4d MB (result %s)%n",
                    name, run, elapsed, cpu, peak >> 20, result);
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%-55s median %d ms, worst peak heap %d MB%n%n", name, millis.get(RUNS / 2),
                worstPeak >> 20);
    }
}
