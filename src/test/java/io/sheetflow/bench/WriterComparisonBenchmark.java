package io.sheetflow.bench;

import io.sheetflow.sheet.SheetFormat;
import io.sheetflow.sheet.TableWriter;
import io.sheetflow.sheet.TableWriters;
import io.sheetflow.sheet.WriteOptions;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Why the xlsx writer uses fastexcel: writes the 100k x 10 workload once with our fastexcel writer and once with
 * POI's SXSSF (100-row window, the usual setup), three times each, printing time, peak heap and file size.
 * <pre>
 * java -Xmx256m -cp target/classes:target/test-classes:$(cat cp.txt) io.sheetflow.bench.WriterComparisonBenchmark
 * </pre>
 */
public final class WriterComparisonBenchmark {

    private static final int ROWS = 100_000;

    private WriterComparisonBenchmark() {
    }

    @FunctionalInterface
    private interface Write {
        void to(Path file) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("writer-comparison");
        for (int run = 1; run <= 3; run++) {
            measure("fastexcel (XlsxTableWriter)", directory.resolve("fastexcel.xlsx"),
                    WriterComparisonBenchmark::writeWithFastexcel);
            measure("POI SXSSF", directory.resolve("sxssf.xlsx"), WriterComparisonBenchmark::writeWithSxssf);
        }
    }

    private static void writeWithFastexcel(Path file) throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        try (TableWriter writer = TableWriters.create(file, SheetFormat.XLSX, WriteOptions.plain())) {
            writer.header(WorkloadGenerator.COLUMNS);
            for (int id = 1; id <= ROWS; id++) {
                writer.row(WorkloadGenerator.row(id, random));
            }
        }
    }

    private static void writeWithSxssf(Path file) throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            SXSSFSheet sheet = workbook.createSheet("Sheet1");
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            List<String> columns = WorkloadGenerator.COLUMNS;
            Row header = sheet.createRow(0);
            for (int c = 0; c < columns.size(); c++) {
                header.createCell(c).setCellValue(columns.get(c));
            }
            for (int id = 1; id <= ROWS; id++) {
                Object[] values = WorkloadGenerator.row(id, random);
                Row row = sheet.createRow(id);
                for (int c = 0; c < values.length; c++) {
                    Object value = values[c];
                    if (value instanceof String text) {
                        row.createCell(c).setCellValue(text);
                    } else if (value instanceof Long number) {
                        row.createCell(c).setCellValue(number);
                    } else if (value instanceof LocalDate date) {
                        var cell = row.createCell(c);
                        cell.setCellValue(date);
                        cell.setCellStyle(dateStyle);
                    }
                }
            }
            workbook.write(out);
        }
    }

    private static void measure(String name, Path file, Write write) throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        write.to(file);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "%-30s %6d ms, peak heap %4d MB, %5.1f MB%n", name, millis, peak >> 20,
                Files.size(file) / 1e6);
    }
}
