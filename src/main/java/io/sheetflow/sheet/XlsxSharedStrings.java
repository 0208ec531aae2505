package io.sheetflow.sheet;

import javax.xml.stream.XMLInputFactory;
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

    static XlsxSharedStrings read(InputStream sharedStringsXml, XMLInputFactory factory) throws XMLStreamException {
        XMLStreamReader xml = factory.createXMLStreamReader(sharedStringsXml);
        try {
            List<String> strings = new ArrayList<>();
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "si".equals(xml.getLocalName())) {
                    strings.add(readText(xml));
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

    /**
     * The text of a {@code <si>} or {@code <is>} element whose start tag was just read, up to its end tag: one
     * {@code <t>}, or rich-text runs {@code <r><t>}; phonetic runs ({@code <rPh>}) and run properties are skipped.
     */
    static String readText(XMLStreamReader xml) throws XMLStreamException {
        String single = null;
        StringBuilder runs = null;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("t".equals(name)) {
                    String text = elementText(xml);
                    if (single == null && runs == null) {
                        single = text;
                    } else {
                        if (runs == null) {
                            runs = new StringBuilder(single);
                        }
                        runs.append(text);
                    }
                } else if ("rPh".equals(name) || "rPr".equals(name)) {
                    skipElement(xml);
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (runs != null) {
            return runs.toString();
        }
        return single == null ? "" : single;
    }

    /**
     * The text of a text-only element whose start tag was just read, up to its end tag. Cheaper than
     * {@link XMLStreamReader#getElementText()} for the usual single text event.
     */
    static String elementText(XMLStreamReader xml) throws XMLStreamException {
        int event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
            return "";
        }
        String first = isText(event) ? xml.getText() : "";
        event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
            return first;
        }
        StringBuilder text = new StringBuilder(first);
        while (event != XMLStreamConstants.END_ELEMENT) {
            if (isText(event)) {
                text.append(xml.getText());
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                throw new XMLStreamException("Unexpected element <" + xml.getLocalName() + "> in text");
            }
            event = xml.next();
        }
        return text.toString();
    }

    private static boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                || event == XMLStreamConstants.SPACE || event == XMLStreamConstants.ENTITY_REFERENCE;
    }

    /** Skips the element whose start tag was just read, children included. */
    static void skipElement(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }
}
