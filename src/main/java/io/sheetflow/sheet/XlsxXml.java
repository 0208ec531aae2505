package io.sheetflow.sheet;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** StAX helpers for the XML parts of an .xlsx package. */
final class XlsxXml {

    /**
     * The JDK's own StAX implementation, whatever else is on the classpath, so that tests and production parse
     * alike; no DTDs, no external entities.
     */
    static final XMLInputFactory INPUT = newSafeInputFactory();

    private XlsxXml() {
    }

    /**
     * The text of a {@code <si>} or {@code <is>} element whose start tag was just read, up to its end tag: one
     * {@code <t>}, or rich-text runs {@code <r><t>}; phonetic runs ({@code <rPh>}) and run properties are skipped.
     */
    static String richText(XMLStreamReader xml) throws XMLStreamException {
        String single = null;
        StringBuilder runs = null;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if ("t".equals(name)) {
                    String text = text(xml);
                    if (single == null && runs == null) {
                        single = text;
                    } else {
                        if (runs == null) {
                            runs = new StringBuilder(single);
                        }
                        runs.append(text);
                    }
                } else if ("rPh".equals(name) || "rPr".equals(name)) {
                    skip(xml);
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
    static String text(XMLStreamReader xml) throws XMLStreamException {
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
    static void skip(XMLStreamReader xml) throws XMLStreamException {
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

    private static XMLInputFactory newSafeInputFactory() {
        // Aalto, chosen explicitly (not through the service loader, so nothing else on the class path changes).
        XMLInputFactory factory = new com.fasterxml.aalto.stax.InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }
}
