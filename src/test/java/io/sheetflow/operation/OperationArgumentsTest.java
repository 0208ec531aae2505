package io.sheetflow.operation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sheetflow.operation.csv.CsvInfoOperation;
import io.sheetflow.operation.csv.CsvToExcelOperation;
import io.sheetflow.operation.excel.ExcelInfoOperation;
import io.sheetflow.operation.excel.ExtractColumnsToFileOperation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationArgumentsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void snakeCaseArguments_bindToTheRecords() throws Exception {
        ExtractColumnsToFileOperation.Arguments extract = json.readValue(
                "{\"columns\":[\"id\",\"email\"],\"remove_duplicates\":true,\"sheet_name\":\"Data\"}",
                ExtractColumnsToFileOperation.Arguments.class);

        assertEquals(List.of("id", "email"), extract.columns());
        assertTrue(extract.removeDuplicates());
        assertEquals("Data", extract.sheetName());
        assertEquals("People", json.readValue("{\"sheet_name\":\"People\"}",
                CsvToExcelOperation.Arguments.class).sheetName());
        assertEquals("Second", json.readValue("{\"sheet_name\":\"Second\"}",
                ExcelInfoOperation.Arguments.class).sheetName());
        json.readValue("{}", CsvInfoOperation.Arguments.class);
    }

    @Test
    void missingArguments_takeTheirDefaults() throws Exception {
        ExtractColumnsToFileOperation.Arguments extract = json.readValue("{}",
                ExtractColumnsToFileOperation.Arguments.class);

        assertEquals(List.of(), extract.columns());
        assertFalse(extract.removeDuplicates());
        assertNull(extract.sheetName());
        assertEquals("Sheet1", json.readValue("{}", CsvToExcelOperation.Arguments.class).sheetName());
        assertEquals("Sheet1", json.readValue("{\"sheet_name\":\" \"}", CsvToExcelOperation.Arguments.class)
                .sheetName());
        assertNull(json.readValue("{\"sheet_name\":\"\"}", ExcelInfoOperation.Arguments.class).sheetName());
    }

    @Test
    void unknownArguments_failBinding() {
        assertThrows(UnrecognizedPropertyException.class, () -> json.readValue(
                "{\"columns\":[\"a\"],\"removeDuplicates\":true}", ExtractColumnsToFileOperation.Arguments.class));
        assertThrows(UnrecognizedPropertyException.class, () -> json.readValue("{\"sheet\":\"x\"}",
                CsvToExcelOperation.Arguments.class));
        assertThrows(UnrecognizedPropertyException.class, () -> json.readValue("{\"delimiter\":\";\"}",
                CsvInfoOperation.Arguments.class));
    }

    @Test
    void operations_haveTheReferenceNames() {
        assertEquals("excel/info", new ExcelInfoOperation().name());
        assertEquals("csv/info", new CsvInfoOperation().name());
        assertEquals("excel/extract-columns-to-file", new ExtractColumnsToFileOperation().name());
        assertEquals("csv/convert-to-excel", new CsvToExcelOperation().name());
    }
}
