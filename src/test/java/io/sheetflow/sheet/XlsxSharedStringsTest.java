package io.sheetflow.sheet;

import io.sheetflow.operation.OperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XlsxSharedStringsTest {

    private static ByteArrayInputStream table(int strings, int length) {
        StringBuilder xml = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        for (int i = 0; i < strings; i++) {
            xml.append("<si><t>").append("x".repeat(length)).append("</t></si>");
        }
        return new ByteArrayInputStream(xml.append("</sst>").toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTableWithinTheBudget_isRead() throws Exception {
        XlsxSharedStrings strings = XlsxSharedStrings.read(table(100, 10), 10_000);
        assertEquals("xxxxxxxxxx", strings.get(99));
    }

    @Test
    void aHugeTable_isRefusedWithAClearMessage_beforeItFillsTheHeap() {
        OperationFailedException refused = assertThrows(OperationFailedException.class,
                () -> XlsxSharedStrings.read(table(1000, 100), 50_000));
        assertTrue(refused.getMessage().startsWith("The workbook's shared strings table is too large"), refused.getMessage());
    }
}
