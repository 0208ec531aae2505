package io.sheetflow.security;

/** Who is making a request: the owner of everything they create. */
public record Caller(String userId, boolean admin) {
}
