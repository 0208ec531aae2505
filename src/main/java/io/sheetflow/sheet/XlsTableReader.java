package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.apache.poi.hssf.OldExcelFormatException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one worksheet of a legacy .xls file. HSSF has no streaming reader worth its complexity, so the workbook is
 * loaded whole; files over {@link #MAX_FILE_BYTES} are refused instead.
 */
final class XlsTableReader extends WorkbookSheetReader {

    static final long MAX_FILE_BYTES = 20L * 1024 * 1024;

    private final POIFSFileSystem fileSystem;
    private final HSSFWorkbook workbook;
    private final String notAWorkbookMessage;
    private final Sheet sheet;
    private int nextRowIndex;

    private XlsTableReader(POIFSFileSystem fileSystem, HSSFWorkbook workbook, List<String> sheetNames, int index,
                           String notAWorkbookMessage) {
        super(sheetNames, sheetNames.get(index));
        this.fileSystem = fileSystem;
        this.workbook = workbook;
        this.notAWorkbookMessage = notAWorkbookMessage;
        this.sheet = workbook.getSheetAt(index);
        this.nextRowIndex = Math.max(sheet.getFirstRowNum(), 0);
    }

    /**
     * @param notAWorkbookMessage what to tell the user when the file is no readable workbook: it names the format
     *                            they uploaded, which may be .xlsx for a legacy file saved under a new name
     */
    static XlsTableReader open(Path file, ReadOptions options, String notAWorkbookMessage) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new OperationFailedException("The .xls workbook is " + (size + 1024 * 1024 - 1) / (1024 * 1024)
                    + " MB; legacy .xls files are read up to 20 MB. Save it as .xlsx to process it");
        }
        POIFSFileSystem fileSystem = null;
        try {
            fileSystem = new POIFSFileSystem(file.toFile(), true);
            HSSFWorkbook workbook = new HSSFWorkbook(fileSystem.getRoot(), true);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
                names.add(workbook.getSheetName(i));
            }
            XlsTableReader reader = new XlsTableReader(fileSystem, workbook, names,
                    SheetSelection.choose(names, options), notAWorkbookMessage);
            reader.readHeader();
            return reader;
        } catch (OldExcelFormatException e) {
            close(fileSystem);
            throw new OperationFailedException("The workbook uses the Excel 95 (or older) format, which is not"
                    + " supported. Save it as .xlsx", e);
        } catch (Exception e) {
            close(fileSystem);
            throw WorkbookFailures.map(e, notAWorkbookMessage);
        }
    }

    @Override
    protected boolean readRawRow() {
        int last = sheet.getLastRowNum();
        while (nextRowIndex <= last) {
            Row row = sheet.getRow(nextRowIndex++);
            if (row == null) {
                continue;
            }
            rawRowNumber = row.getRowNum() + 1;
            rawCellCount = 0;
            for (Cell cell : row) {
                Object value = value(cell);
                if (value != null) {
                    addRawCell(cell.getColumnIndex(), value);
                }
            }
            return true;
        }
        return false;
    }

    private static Object value(Cell cell) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            type = cell.getCachedFormulaResultType();
        }
        switch (type) {
            case NUMERIC:
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDateTime dateTime = cell.getLocalDateTimeCellValue();
                    return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT) ? dateTime.toLocalDate() : dateTime;
                }
                return SpreadsheetNumbers.typed(cell.getNumericCellValue());
            case STRING:
                String text = cell.getRichStringCellValue().getString();
                return text == null || text.isEmpty() ? null : text;
            case BOOLEAN:
                return cell.getBooleanCellValue();
            default:
                return null;
        }
    }

    @Override
    protected RuntimeException readFailure(Exception failure) {
        return WorkbookFailures.map(failure, notAWorkbookMessage + ": worksheet '" + sheetName()
                + "' could not be read");
    }

    /** The last row number the sheet records, minus the header; exact unless there are trailing blank rows. */
    @Override
    public long estimatedTotalRows() {
        return Math.max(sheet.getLastRowNum() + 1 - headerRowNumber(), rowsRead());
    }

    @Override
    public void close() throws IOException {
        try {
            workbook.close();
        } finally {
            fileSystem.close();
        }
    }

    private static void close(POIFSFileSystem fileSystem) {
        if (fileSystem != null) {
            try {
                fileSystem.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }
}
