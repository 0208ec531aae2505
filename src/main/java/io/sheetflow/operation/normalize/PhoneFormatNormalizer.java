package io.sheetflow.operation.normalize;

import io.sheetflow.sheet.CellText;

/**
 * {@code phone_format}: the digits of the value (text or number); 10 digits become {@code (XXX) XXX-XXXX}, 11 digits
 * starting with 1 become {@code +1 (XXX) XXX-XXXX}; anything else is left as it is.
 */
final class PhoneFormatNormalizer implements Normalizer {

    @Override
    public Object apply(Object value) {
        if (value == null) {
            return null;
        }
        String text = CellText.of(value);
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() == 10) {
            return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
        }
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            return "+1 (" + digits.substring(1, 4) + ") " + digits.substring(4, 7) + "-" + digits.substring(7);
        }
        return value;
    }
}
