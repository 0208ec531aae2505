package io.sheetflow.file;

import java.io.IOException;

public class ObjectNotFoundException extends IOException {
    public ObjectNotFoundException(String key) {
        super("No object " + key);
    }
}
