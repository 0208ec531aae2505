package io.sheetflow.sheet;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds test fixtures inside the tests: workbooks with POI, CSV as bytes, broken and hostile files. */
public final class TestFiles {

    /** Header of {@link #typedWorkbook}'s first sheet, as our readers name it. */
    public static final List<String> TYPED_HEADER = List.of("name", "qty", "price", "joined", "updated", "code",
            "active", "name.1", "Unnamed: 8", "total", "label", "broken");

    private TestFiles() {
    }

    @FunctionalInterface
    public interface WorkbookBuilder<W extends Workbook> {
        void build(W workbook) throws IOException;
    }

    public static Path write(Path directory, String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    public static Path writeUtf8(Path directory, String name, String text) throws IOException {
        return write(directory, name, text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(part -> part.length).sum();
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    public static Path xlsx(Path directory, String name, WorkbookBuilder<XSSFWorkbook> builder) throws IOException {
        return save(directory.resolve(name), new XSSFWorkbook(), builder);
    }

    public static Path xls(Path directory, String name, WorkbookBuilder<HSSFWorkbook> builder) throws IOException {
        return save(directory.resolve(name), new HSSFWorkbook(), builder);
    }

    private static <W extends Workbook> Path save(Path file, W workbook, WorkbookBuilder<W> builder)
            throws IOException {
        try (workbook; OutputStream out = Files.newOutputStream(file)) {
            builder.build(workbook);
            workbook.write(out);
        }
        return file;
    }

    /**
     * Sets a row's cells from plain values: {@code String}, numbers, {@code Boolean}, {@code LocalDate} and
     * {@code LocalDateTime} (date-formatted), {@link Formula}, {@link Text} (a text-formatted cell), null skipped.
     */
    public static Row row(Sheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        Workbook workbook = sheet.getWorkbook();
        for (int c = 0; c < values.length; c++) {
            Object value = values[c];
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(c);
            if (value instanceof String text) {
                cell.setCellValue(text);
            } else if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else if (value instanceof Boolean bool) {
                cell.setCellValue(bool);
            } else if (value instanceof LocalDate date) {
                cell.setCellValue(date);
                cell.setCellStyle(style(workbook, "yyyy-mm-dd"));
            } else if (value instanceof LocalDateTime dateTime) {
                cell.setCellValue(dateTime);
                cell.setCellStyle(style(workbook, "yyyy-mm-dd hh:mm:ss"));
            } else if (value instanceof Formula formula) {
                cell.setCellFormula(formula.expression());
            } else if (value instanceof Text text) {
                cell.setCellValue(text.value());
                cell.setCellStyle(style(workbook, "@"));
            } else {
                throw new IllegalArgumentException("No fixture cell for " + value.getClass());
            }
        }
        return row;
    }

    /** A formula cell; its cached value is set by evaluating the workbook. */
    public record Formula(String expression) {
    }

    /** A text-formatted cell holding digits, the way users keep leading zeros. */
    public record Text(String value) {
    }

    private static CellStyle style(Workbook workbook, String format) {
        for (int i = 0; i < workbook.getNumCellStyles(); i++) {
            CellStyle existing = workbook.getCellStyleAt(i);
            if (format.equals(existing.getDataFormatString())) {
                return existing;
            }
        }
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    /**
     * Sheet {@code Data}: unicode text, integers, decimals, date and datetime cells, a text-formatted code with a
     * leading zero, booleans, a duplicate and an empty header, formulas with cached number, string and error
     * results, a missing interior row, a rich-text cell and a trailing blank row. Sheet {@code Second}: a, b.
     */
    public static Path typedWorkbook(Path directory) throws IOException {
        return xlsx(directory, "typed.xlsx", TestFiles::fillTypedWorkbook);
    }

    /** The same content as {@link #typedWorkbook} in the legacy .xls format (without the rich-text cell). */
    public static Path typedLegacyWorkbook(Path directory) throws IOException {
        return xls(directory, "typed.xls", TestFiles::fillTypedWorkbook);
    }

    private static void fillTypedWorkbook(Workbook workbook) {
        Sheet data = workbook.createSheet("Data");
        row(data, 0, "name", "qty", "price", "joined", "updated", "code", "active", "name", null, "total", "label",
                "broken");
        row(data, 1, "Zoë", 3, 25.5, LocalDate.of(2024, 1, 15), LocalDateTime.of(2024, 1, 15, 10, 30),
                new Text("021201"), true, "first dup", "no header", new Formula("B2*C2"), new Formula("\"id-\"&A2"),
                new Formula("1/0"));
        row(data, 2, "北京 😀", 10, 30.0, LocalDate.of(2023, 12, 31), LocalDateTime.of(2023, 12, 31, 23, 59, 59),
                new Text("007"), false, "second", null, new Formula("B3*C3"), new Formula("\"id-\"&A3"),
                new Formula("1/0"));
        Row richRow = row(data, 4, null, null, -1.25, null, null, null, false);
        if (workbook instanceof XSSFWorkbook xssf) {
            XSSFRichTextString rich = new XSSFRichTextString("Hello World");
            XSSFFont bold = xssf.createFont();
            bold.setBold(true);
            rich.applyFont(0, 5, bold);
            richRow.createCell(0).setCellValue(rich);
        } else {
            richRow.createCell(0).setCellValue("Hello World");
        }
        Row trailingBlank = data.createRow(6);
        trailingBlank.createCell(3).setCellStyle(style(workbook, "yyyy-mm-dd"));
        Sheet second = workbook.createSheet("Second");
        row(second, 0, "a", "b");
        row(second, 1, 1, "x");
        workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
    }

    /** The rows {@link #typedWorkbook} reads as, in order. */
    public static List<Object[]> typedRows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"Zoë", 3L, 25.5, LocalDate.of(2024, 1, 15), LocalDateTime.of(2024, 1, 15, 10, 30),
            "021201", true, "first dup", "no header", 76.5, "id-Zoë", null});
        rows.add(new Object[] {"北京 😀", 10L, 30L, LocalDate.of(2023, 12, 31),
            LocalDateTime.of(2023, 12, 31, 23, 59, 59), "007", false, "second", null, 300L, "id-北京 😀", null});
        rows.add(new Object[12]);
        rows.add(new Object[] {"Hello World", null, -1.25, null, null, null, false, null, null, null, null, null});
        return rows;
    }

    /** An .xlsx encrypted with a password (agile encryption, as Excel does), i.e. an OLE2 container. */
    public static Path passwordProtectedXlsx(Path directory) throws Exception {
        Path encrypted = directory.resolve("protected.xlsx");
        try (POIFSFileSystem fileSystem = new POIFSFileSystem(); XSSFWorkbook workbook = new XSSFWorkbook()) {
            row(workbook.createSheet("S"), 0, "a");
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream out = encryptor.getDataStream(fileSystem)) {
                workbook.write(out);
            }
            try (OutputStream out = Files.newOutputStream(encrypted)) {
                fileSystem.writeFilesystem(out);
            }
        }
        return encrypted;
    }

    /**
     * A minimal, otherwise valid .xlsx whose sheet XML is {@code expandedBytes} of blanks after the header row:
     * a few hundred KB on disk. Streamed through a {@link ZipOutputStream}, never held in memory.
     */
    public static Path zipBombXlsx(Path directory, long expandedBytes) throws IOException {
        return minimalXlsx(directory.resolve("bomb.xlsx"), "", zip -> {
            zip.write(("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>header</t></is></c></row>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] blanks = new byte[1 << 20];
            Arrays.fill(blanks, (byte) ' ');
            for (long written = 0; written < expandedBytes; written += blanks.length) {
                zip.write(blanks);
            }
        });
    }

    /** Writes the rows of a worksheet's {@code sheetData} into the zip entry. */
    public interface SheetDataWriter {
        void write(ZipOutputStream zip) throws IOException;
    }

    /**
     * A minimal .xlsx package with one sheet, written by hand so tests can put anything into the sheet XML
     * ({@code prolog} goes between the XML declaration and {@code <worksheet>}, e.g. a DOCTYPE).
     */
    public static Path minimalXlsx(Path file, String prolog, SheetDataWriter sheetData) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "</Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                    + "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + "</Relationships>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + prolog
                    + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>")
                    .getBytes(StandardCharsets.UTF_8));
            sheetData.write(zip);
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Opens, reads every row and closes. */
    public static List<Object[]> readAll(Path file, SheetFormat format, ReadOptions options) throws IOException {
        try (TableReader reader = TableReaders.open(file, format, options)) {
            return readAll(reader);
        }
    }

    public static List<Object[]> readAll(TableReader reader) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] row = reader.nextRow(); row != null; row = reader.nextRow()) {
            rows.add(row);
        }
        return rows;
    }
}
