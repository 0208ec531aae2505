package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.ZipPackagePart;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams one worksheet of an .xlsx file: POI opens the package (with its zip-bomb limits), provides the shared
 * strings and styles; the sheet XML itself is read with our own StAX pass, so memory stays flat whatever the size.
 */
final class XlsxTableReader extends WorkbookSheetReader {

    private final OPCPackage workbook;
    private final XlsxSharedStrings sharedStrings;
    private final StylesTable styles;
    private final boolean date1904;
    private final CountingInputStream sheetBytes;
    private final long sheetXmlSize;
    private final XMLStreamReader xml;
    private Boolean[] dateStyleCache = new Boolean[64];
    private long dimensionLastRow = -1;

    private XlsxTableReader(OPCPackage workbook, XSSFReader reader, boolean date1904, List<String> sheetNames,
                            int sheetIndex, PackagePart sheetPart) throws Exception {
        super(sheetNames, sheetNames.get(sheetIndex));
        this.workbook = workbook;
        this.date1904 = date1904;
        sharedStrings = readSharedStrings(reader);
        styles = reader.getStylesTable();
        sheetXmlSize = sheetPart instanceof ZipPackagePart zipPart ? zipPart.getZipArchive().getSize() : -1;
        sheetBytes = new CountingInputStream(sheetPart.getInputStream());
        xml = XlsxXml.INPUT.createXMLStreamReader(sheetBytes);
    }

    static XlsxTableReader open(Path file, ReadOptions options) {
        OPCPackage workbook;
        try {
            workbook = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (Exception e) {
            throw WorkbookFailures.map(e, WorkbookFailures.NOT_XLSX);
        }
        try {
            XSSFReader reader = new XSSFReader(workbook);
            boolean date1904;
            try (InputStream workbookXml = reader.getWorkbookData()) {
                date1904 = readDate1904(workbookXml);
            }
            List<String> names = new ArrayList<>();
            List<PackagePart> parts = new ArrayList<>();
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            while (sheets.hasNext()) {
                sheets.next().close();
                names.add(sheets.getSheetName());
                parts.add(sheets.getSheetPart());
            }
            int index = SheetSelection.choose(names, options);
            XlsxTableReader tableReader = new XlsxTableReader(workbook, reader, date1904, names, index,
                    parts.get(index));
            tableReader.readHeader();
            return tableReader;
        } catch (Exception e) {
            workbook.revert();
            throw WorkbookFailures.map(e, WorkbookFailures.NOT_XLSX);
        }
    }

    @Override
    protected RuntimeException readFailure(Exception failure) {
        return WorkbookFailures.map(failure, WorkbookFailures.NOT_XLSX + ": worksheet '" + sheetName()
                + "' could not be read");
    }

    /**
     * From the sheet's {@code <dimension>} when it spans a range (exact unless it counts trailing blank rows);
     * otherwise from the sheet XML's uncompressed size and the bytes parsed so far (streaming writers such as
     * fastexcel write {@code <dimension ref="A1"/>}).
     */
    @Override
    public long estimatedTotalRows() {
        if (dimensionLastRow > headerRowNumber()) {
            return Math.max(dimensionLastRow - headerRowNumber(), rowsRead());
        }
        if (sheetXmlSize > 0 && rowsRead() > 0 && sheetBytes.count() > 0) {
            return Math.max(Math.round(sheetXmlSize * ((double) rowsRead() / sheetBytes.count())), rowsRead());
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // the stream below is closed next
        } finally {
            try {
                sheetBytes.close();
            } finally {
                workbook.revert();
            }
        }
    }

    /** Moves to the next {@code <row>} and parses it; false at the end of the sheet data. */
    @Override
    protected boolean readRawRow() throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("row".equals(name)) {
                    parseRow();
                    return true;
                }
                if ("dimension".equals(name)) {
                    dimensionLastRow = CellReferences.lastRowOfRange(xml.getAttributeValue(null, "ref"));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(xml.getLocalName())) {
                return false;
            }
        }
        return false;
    }

    private void parseRow() throws XMLStreamException {
        String rowRef = xml.getAttributeValue(null, "r");
        rawRowNumber = rowRef != null ? Integer.parseInt(rowRef) : rawRowNumber + 1;
        rawCellCount = 0;
        int column = -1;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                if ("c".equals(xml.getLocalName())) {
                    String ref = null;
                    String type = null;
                    int style = 0;
                    for (int i = 0, count = xml.getAttributeCount(); i < count; i++) {
                        String name = xml.getAttributeLocalName(i);
                        if ("r".equals(name)) {
                            ref = xml.getAttributeValue(i);
                        } else if ("t".equals(name)) {
                            type = xml.getAttributeValue(i);
                        } else if ("s".equals(name)) {
                            style = Integer.parseInt(xml.getAttributeValue(i));
                        }
                    }
                    column = ref != null ? CellReferences.columnIndex(ref) : column + 1;
                    Object value = parseCell(type, style);
                    if (value != null) {
                        addRawCell(column, value);
                    }
                } else {
                    XlsxXml.skip(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
        }
    }

    /** Reads the inside of a {@code <c>} element up to its end tag and types its value. */
    private Object parseCell(String type, int style) throws XMLStreamException {
        String value = null;
        String inlineText = null;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("v".equals(name)) {
                    value = XlsxXml.text(xml);
                } else if ("is".equals(name)) {
                    inlineText = XlsxXml.richText(xml);
                } else {
                    XlsxXml.skip(xml);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        return typedValue(type, style, value, inlineText);
    }

    private Object typedValue(String type, int style, String value, String inlineText) {
        if (type == null || "n".equals(type)) {
            return value == null || value.isEmpty() ? null : numeric(value, style);
        }
        switch (type) {
            case "s":
                if (value == null || value.isEmpty()) {
                    return null;
                }
                return emptyToNull(sharedStrings.get(Integer.parseInt(value.trim())));
            case "inlineStr":
                return emptyToNull(inlineText != null ? inlineText : value);
            case "str":
                return emptyToNull(value);
            case "b":
                return value == null || value.isEmpty() ? null : "1".equals(value) || "true".equals(value);
            case "e":
                return null;
            case "d":
                return value == null || value.isEmpty() ? null : isoTemporal(value);
            default:
                throw new OperationFailedException(WorkbookFailures.NOT_XLSX + ": unknown cell type '" + type + "'");
        }
    }

    private Object numeric(String value, int style) {
        boolean dateStyle = isDateStyle(style);
        if (!dateStyle && isSmallInteger(value)) {
            return Long.parseLong(value);
        }
        double number = Double.parseDouble(value);
        if (dateStyle && DateUtil.isValidExcelDate(number)) {
            LocalDateTime dateTime = DateUtil.getLocalDateTime(number, date1904);
            return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT) ? dateTime.toLocalDate() : dateTime;
        }
        return SpreadsheetNumbers.typed(number);
    }

    /** Up to 18 digits, optionally negative: parsed as a long directly, the common case of integer cells. */
    private static boolean isSmallInteger(String value) {
        int start = value.charAt(0) == '-' ? 1 : 0;
        int length = value.length();
        if (length == start || length - start > 18) {
            return false;
        }
        for (int i = start; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private boolean isDateStyle(int style) {
        if (styles == null) {
            return false;
        }
        if (style >= dateStyleCache.length) {
            dateStyleCache = Arrays.copyOf(dateStyleCache, Math.max(style + 1, dateStyleCache.length * 2));
        }
        Boolean isDate = dateStyleCache[style];
        if (isDate == null) {
            XSSFCellStyle cellStyle = style < styles.getNumCellStyles() ? styles.getStyleAt(style) : null;
            isDate = cellStyle != null
                    && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
            dateStyleCache[style] = isDate;
        }
        return isDate;
    }

    /** {@code t="d"} cells hold ISO-8601 text: the same forms the CSV reader accepts, optionally ending in Z. */
    private static Object isoTemporal(String value) {
        Object parsed = CsvValueParser.parse(value.length() > 19 && value.endsWith("Z")
                ? value.substring(0, value.length() - 1) : value);
        if (parsed instanceof LocalDateTime dateTime && dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return dateTime.toLocalDate();
        }
        return parsed instanceof LocalDate || parsed instanceof LocalDateTime ? parsed : value;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static XlsxSharedStrings readSharedStrings(XSSFReader reader) throws Exception {
        InputStream sharedStringsXml;
        try {
            sharedStringsXml = reader.getSharedStringsData();
        } catch (InvalidFormatException noSharedStringsPart) {
            return XlsxSharedStrings.empty();
        }
        if (sharedStringsXml == null) {
            return XlsxSharedStrings.empty();
        }
        try (sharedStringsXml) {
            return XlsxSharedStrings.read(sharedStringsXml);
        }
    }

    private static boolean readDate1904(InputStream workbookXml) throws XMLStreamException {
        XMLStreamReader reader = XlsxXml.INPUT.createXMLStreamReader(workbookXml);
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if ("workbookPr".equals(name)) {
                        String value = reader.getAttributeValue(null, "date1904");
                        return "1".equals(value) || "true".equals(value);
                    }
                    if ("sheets".equals(name)) {
                        return false;
                    }
                }
            }
            return false;
        } finally {
            reader.close();
        }
    }
}
