package io.sheetflow.sheet;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared strings table of an .xlsx as plain strings, read once with StAX. POI's read-only table builds an
 * XMLBeans rich-text object on every lookup, which cost more than parsing the whole sheet.
 */
final class XlsxSharedStrings {

    private final List<String> strings;

    private XlsxSharedStrings(List<String> strings) {
        this.strings = strings;
    }

    static XlsxSharedStrings empty() {
        return new XlsxSharedStrings(List.of());
    }

    /**
     * The table is held in memory while the sheet is read, so its size is bounded: a workbook whose shared
     * strings (legitimately compressed, so past the zip-bomb guard) would not fit a small heap is refused.
     */
    static final long MAX_CHARACTERS = 40_000_000L;

    static XlsxSharedStrings read(InputStream sharedStringsXml) throws XMLStreamException {
        return read(sharedStringsXml, MAX_CHARACTERS);
    }

    static XlsxSharedStrings read(InputStream sharedStringsXml, long maxCharacters) throws XMLStreamException {
        XMLStreamReader xml = XlsxXml.INPUT.createXMLStreamReader(sharedStringsXml);
        try {
            List<String> strings = new ArrayList<>();
            long characters = 0;
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "si".equals(xml.getLocalName())) {
                    String text = XlsxXml.richText(xml);
                    characters += text.length() + 16;
                    if (characters > maxCharacters) {
                        throw new io.sheetflow.operation.OperationFailedException("The workbook's shared strings table is too "
                                + "large to read safely (over " + maxCharacters / 1_000_000 + " million characters); "
                                + "save it as CSV instead");
                    }
                    strings.add(text);
                }
            }
            return new XlsxSharedStrings(strings);
        } finally {
            xml.close();
        }
    }

    /** The string at {@code index}; the workbook is invalid when there is none. */
    String get(int index) {
        if (index < 0 || index >= strings.size()) {
            throw new IllegalStateException("Shared string " + index + " is missing");
        }
        return strings.get(index);
    }
}
