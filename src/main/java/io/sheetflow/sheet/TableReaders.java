package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the right {@link TableReader} for a file. */
public final class TableReaders {

    private TableReaders() {
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @param format  the detected format: {@link SheetFormat#XLSX}, {@link SheetFormat#XLS} or {@link SheetFormat#CSV}
     * @param options which worksheet to read (ignored for CSV); null means the first
     * @throws OperationFailedException when the file is empty, unreadable, encrypted, unsafe or has no such sheet
     */
    public static TableReader open(Path file, SheetFormat format, ReadOptions options) throws IOException {
        return switch (format) {
            case CSV -> CsvTableReader.open(file);
            case XLSX, XLS -> openWorkbook(file, format, options == null ? ReadOptions.firstSheet() : options);
            default -> throw new OperationFailedException("Reading ." + format.extension()
                    + " files is not supported; use .xlsx, .xls or .csv");
        };
    }

    /** Opens a CSV file, exposing its detected encoding and delimiter. */
    public static CsvTableReader openCsv(Path file) throws IOException {
        return CsvTableReader.open(file);
    }

    /**
     * Routes by content, not by name: an .xls saved with an .xlsx name (or the reverse) is still read, and an
     * encrypted .xlsx, which is an OLE2 container, is recognised as password-protected.
     */
    private static TableReader openWorkbook(Path file, SheetFormat format, ReadOptions options) throws IOException {
        if (Files.size(file) == 0) {
            throw new OperationFailedException("The file is empty");
        }
        String notAWorkbook = format == SheetFormat.XLS ? WorkbookFailures.NOT_XLS : WorkbookFailures.NOT_XLSX;
        FileMagic magic = FileMagic.valueOf(file.toFile());
        if (magic == FileMagic.OOXML) {
            return XlsxTableReader.open(file, options);
        }
        if (magic == FileMagic.OLE2) {
            if (isEncryptedOoxml(file)) {
                throw new OperationFailedException(WorkbookFailures.PASSWORD_PROTECTED);
            }
            return XlsTableReader.open(file, options, notAWorkbook);
        }
        throw new OperationFailedException(notAWorkbook);
    }

    private static boolean isEncryptedOoxml(Path file) {
        try (POIFSFileSystem fileSystem = new POIFSFileSystem(file.toFile(), true)) {
            return fileSystem.getRoot().hasEntryCaseInsensitive(Decryptor.DEFAULT_POIFS_ENTRY)
                    || fileSystem.getRoot().hasEntryCaseInsensitive("EncryptionInfo");
        } catch (IOException | RuntimeException notOle2) {
            return false;
        }
    }
}
