package io.sheetflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sheetflow.operation.InputFile;
import io.sheetflow.operation.ProgressReporter;
import io.sheetflow.operation.StepResult;
import io.sheetflow.operation.TestOperationContext;
import io.sheetflow.operation.bind.BindSettings;
import io.sheetflow.operation.bind.BindSingleKeyOperation;
import io.sheetflow.operation.bind.PositionalBindOperation;
import io.sheetflow.operation.excel.ExcelToCsvOperation;
import io.sheetflow.operation.json.GenerateJsonOperation;
import io.sheetflow.operation.json.GenerateJsonWithTemplateOperation;
import io.sheetflow.operation.sql.GenerateCustomSqlOperation;
import io.sheetflow.operation.sql.GenerateSqlOperation;
import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Manual speed and memory check of the generation, binding and conversion operations on the reference workload
 * (not a unit test). Prints wall time, process CPU time and peak heap per run, three runs per scenario:
 * <pre>
 * ./mvnw -q -B -o test-compile &amp;&amp; ./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx256m -cp target/classes:target/test-classes:$(cat cp.txt) io.sheetflow.bench.GenerationBenchmark \
 *      benchmark-output [sql|sql-batch|sql-custom|json|json-template|to-csv|bind|bind-positional|all]
 * </pre>
 * The workload files are generated on first use by {@link WorkloadGenerator}; {@code bind_500k.csv} (id, segment,
 * tier: as many rows as the default bind cap) by this class.
 */
public final class GenerationBenchmark {

    private static final int RUNS = 3;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ObjectMapper JSON = new ObjectMapper();

    private GenerationBenchmark() {
    }

    @FunctionalInterface
    private interface Scenario {
        StepResult run(TestOperationContext context) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "benchmark-output");
        String which = args.length > 1 ? args[1] : "all";
        Files.createDirectories(directory);
        Path xlsx = directory.resolve("bench_100k.xlsx");
        Path csv = directory.resolve("bench_1m.csv");
        Path bind = directory.resolve("bind_500k.csv");
        if (!Files.exists(xlsx)) {
            WorkloadGenerator.writeXlsx(xlsx, 100_000);
        }
        if (!Files.exists(csv)) {
            WorkloadGenerator.writeCsv(csv, 1_000_000);
        }
        if (!Files.exists(bind)) {
            writeBindFile(bind, (int) BindSettings.DEFAULT_MAX_ROWS);
        }
        System.out.printf(Locale.ROOT, "max heap %d MB, %d cpus%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        Map<String, String> all = new LinkedHashMap<>();
        for (String column : WorkloadGenerator.COLUMNS) {
            all.put(column, column);
        }
        if (which.equals("all") || which.equals("sql")) {
            measure("sql/generate 1M x 10 csv, postgresql, one INSERT per row", csv, context ->
                    new GenerateSqlOperation().execute(new GenerateSqlOperation.Arguments("people", all, null, null,
                            null, null, null, null), context));
        }
        if (which.equals("all") || which.equals("sql-batch")) {
            measure("sql/generate 1M x 10 csv, mysql, batch_size 500", csv, context ->
                    new GenerateSqlOperation().execute(new GenerateSqlOperation.Arguments("people", all,
                            io.sheetflow.operation.sql.SqlDialect.MYSQL, null, 500, null, null, null), context));
        }
        if (which.equals("all") || which.equals("sql-custom")) {
            measure("sql/generate-custom-to-text 100k xlsx", xlsx, context ->
                    new GenerateCustomSqlOperation().execute(new GenerateCustomSqlOperation.Arguments(
                            "UPDATE people SET email = {email}, score = {score:int|0} WHERE id = {id}"
                                    + " AND name LIKE {%last_name%};", all, null, null, null, null, null), context));
        }
        if (which.equals("all") || which.equals("json")) {
            measure("json/generate 1M x 10 csv, pretty", csv, context ->
                    new GenerateJsonOperation().execute(new GenerateJsonOperation.Arguments(null, null, null, null,
                            null, null), context));
        }
        if (which.equals("all") || which.equals("json-template")) {
            measure("json/generate-with-template 100k xlsx, nested", xlsx, context ->
                    new GenerateJsonWithTemplateOperation().execute(new GenerateJsonWithTemplateOperation.Arguments(
                            JSON.readTree("{\"user\": {\"id\": \"{id}\", \"name\": \"{first_name} {last_name}\"},"
                                    + " \"signup\": \"{signup_date}\", \"score\": \"{score:float}\"}"), all,
                            io.sheetflow.operation.json.AggregationMode.NESTED, false, null), context));
        }
        if (which.equals("all") || which.equals("to-csv")) {
            measure("excel/convert-to-csv 100k xlsx", xlsx, context ->
                    new ExcelToCsvOperation().execute(new ExcelToCsvOperation.Arguments(null), context));
        }
        if (which.equals("all") || which.equals("bind")) {
            measure("excel/bind-single-key 100k xlsx + 500k-row bind csv", xlsx, context ->
                    new BindSingleKeyOperation(BindSettings.defaults()).execute(new BindSingleKeyOperation.Arguments(
                            bind.getFileName().toString(), "id", List.of("segment", "tier"), null, null),
                            context.withFile(input(bind))));
        }
        if (which.equals("all") || which.equals("bind-positional")) {
            measure("files/bind 100k xlsx <- 500k csv by position", xlsx, context ->
                    new PositionalBindOperation().execute(new PositionalBindOperation.Arguments(
                            bind.getFileName().toString(), Map.of("status", "segment"), null, null),
                            context.withFile(input(bind))));
        }
    }

    /** {@code id,segment,tier}: ids 1..rows, in reverse order, so lookups do not follow insertion order. */
    static void writeBindFile(Path file, int rows) throws Exception {
        try (TableWriter writer = TableWriters.create(file, SheetFormat.CSV, WriteOptions.plain())) {
            writer.header(List.of("id", "segment", "tier"));
            for (long id = rows; id >= 1; id--) {
                writer.row(new Object[] {id, "segment-" + (id % 97), id % 5});
            }
        }
    }

    private static InputFile input(Path file) throws Exception {
        SheetFormat format = SheetFormat.fromFileName(file.toString()).orElseThrow();
        return new InputFile("bench-" + file.getFileName(), file.getFileName().toString(), format, file,
                Files.size(file));
    }

    private static void measure(String name, Path inputFile, Scenario scenario) throws Exception {
        List<Long> millis = new ArrayList<>();
        long worstPeak = 0;
        for (int run = 1; run <= RUNS; run++) {
            Path outputs = Files.createTempDirectory(inputFile.getParent(), "out");
            TestOperationContext context = new TestOperationContext(input(inputFile), outputs, ProgressReporter.NONE);
            System.gc();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            long cpuStart = OS.getProcessCpuTime();
            StepResult result = scenario.run(context);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            long cpu = (OS.getProcessCpuTime() - cpuStart) / 1_000_000;
            long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            long outputBytes = context.outputs().isEmpty() ? 0 : Files.size(context.outputs().get(0).path());
            worstPeak = Math.max(worstPeak, peak);
            millis.add(elapsed);
            System.out.printf(Locale.ROOT, "%-58s run %d: %6d ms (cpu %6d ms), peak heap %4d MB, output %5.1f MB %s%n",
                    name, run, elapsed, cpu, peak >> 20, outputBytes / 1e6, result.data());
            deleteRecursively(outputs);
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%-58s median %d ms, worst peak heap %d MB%n%n", name, millis.get(RUNS / 2),
                worstPeak >> 20);
    }

    private static void deleteRecursively(Path directory) throws Exception {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
