package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the sparse rows of a worksheet (row number plus the non-empty cells) into table rows, the same way for
 * .xlsx and .xls: the first row with a value is the header, interior empty rows come out as all-null rows,
 * trailing empty rows are dropped, and a value right of the last header column fails the read.
 */
abstract class WorkbookSheetReader implements TableReader {

    private final List<String> sheetNames;
    private final String sheetName;

    /** The raw row just read by {@link #readRawRow()}: its 1-based number and its non-empty cells. */
    protected int rawRowNumber;
    protected int rawCellCount;
    private int[] rawColumns = new int[16];
    private Object[] rawValues = new Object[16];

    private List<String> header;
    private int width;
    private int headerRowNumber;
    private int lastRowNumber;
    private Object[] pendingRow;
    private long pendingBlankRows;
    private long rowsRead;

    protected WorkbookSheetReader(List<String> sheetNames, String sheetName) {
        this.sheetNames = List.copyOf(sheetNames);
        this.sheetName = sheetName;
    }

    /**
     * Reads the next row that exists in the sheet into {@link #rawRowNumber} and {@link #addRawCell}, after
     * resetting {@link #rawCellCount} to 0; false at the end of the sheet.
     */
    protected abstract boolean readRawRow() throws Exception;

    /** Maps a failure while reading rows to what the user sees. */
    protected abstract RuntimeException readFailure(Exception failure);

    protected final void addRawCell(int column, Object value) {
        if (rawCellCount == rawColumns.length) {
            rawColumns = Arrays.copyOf(rawColumns, rawCellCount * 2);
            rawValues = Arrays.copyOf(rawValues, rawCellCount * 2);
        }
        rawColumns[rawCellCount] = column;
        rawValues[rawCellCount] = value;
        rawCellCount++;
    }

    /** Reads up to the header row; subclasses call it at the end of their construction. */
    protected final void readHeader() throws Exception {
        while (readRawRow()) {
            if (rawCellCount == 0) {
                continue;
            }
            int headerWidth = 0;
            for (int i = 0; i < rawCellCount; i++) {
                headerWidth = Math.max(headerWidth, rawColumns[i] + 1);
            }
            Object[] raw = new Object[headerWidth];
            for (int i = 0; i < rawCellCount; i++) {
                raw[rawColumns[i]] = rawValues[i];
            }
            header = HeaderNames.of(Arrays.asList(raw));
            width = headerWidth;
            headerRowNumber = rawRowNumber;
            lastRowNumber = rawRowNumber;
            return;
        }
        throw new OperationFailedException("The workbook is empty: worksheet '" + sheetName + "' has no data");
    }

    /** The 1-based sheet row number of the header. */
    protected final int headerRowNumber() {
        return headerRowNumber;
    }

    @Override
    public final List<String> header() {
        return header;
    }

    @Override
    public final Object[] nextRow() {
        if (pendingBlankRows > 0) {
            pendingBlankRows--;
            rowsRead++;
            return new Object[width];
        }
        if (pendingRow != null) {
            Object[] row = pendingRow;
            pendingRow = null;
            rowsRead++;
            return row;
        }
        try {
            while (readRawRow()) {
                if (rawCellCount == 0) {
                    continue;
                }
                Object[] row = alignedRow();
                long gap = (long) rawRowNumber - lastRowNumber - 1;
                lastRowNumber = rawRowNumber;
                rowsRead++;
                if (gap > 0) {
                    pendingRow = row;
                    pendingBlankRows = gap - 1;
                    return new Object[width];
                }
                return row;
            }
            return null;
        } catch (OperationFailedException e) {
            throw e;
        } catch (Exception e) {
            throw readFailure(e);
        }
    }

    private Object[] alignedRow() {
        Object[] row = new Object[width];
        for (int i = 0; i < rawCellCount; i++) {
            int column = rawColumns[i];
            if (column >= width) {
                throw new OperationFailedException("Row " + rawRowNumber + " of worksheet '" + sheetName
                        + "' has a value in column " + CellReferences.columnName(column)
                        + ", right of the last header column (" + CellReferences.columnName(width - 1) + ")");
            }
            row[column] = rawValues[i];
        }
        return row;
    }

    @Override
    public final long rowsRead() {
        return rowsRead;
    }

    @Override
    public final String sheetName() {
        return sheetName;
    }

    @Override
    public final List<String> sheetNames() {
        return sheetNames;
    }
}
