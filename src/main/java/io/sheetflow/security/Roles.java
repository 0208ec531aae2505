package io.sheetflow.security;

public final class Roles {
    /** Sees and manages everything, including API keys. */
    public static final String ADMIN = "ADMIN";

    private Roles() {
    }
}
