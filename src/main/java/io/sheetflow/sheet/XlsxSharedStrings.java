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

    static XlsxSharedStrings read(InputStream sharedStringsXml) throws XMLStreamException {
        XMLStreamReader xml = XlsxXml.INPUT.createXMLStreamReader(sharedStringsXml);
        try {
            List<String> strings = new ArrayList<>();
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "si".equals(xml.getLocalName())) {
                    strings.add(XlsxXml.richText(xml));
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
