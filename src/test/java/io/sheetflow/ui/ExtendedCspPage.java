package io.sheetflow.ui;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The web UI's index.html with its Content-Security-Policy's {@code connect-src 'self'} extended by
 * {@code sheetflow.test.ui-connect-src}, as the AWS stack extends it (infra WebUiHosting.indexHtml) for S3 and the
 * issuer: what lets the page at this server's origin PUT to a stand-in S3 or call a stand-in token endpoint.
 */
@Requires(property = "sheetflow.test.ui-connect-src")
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class ExtendedCspPage {
    static final String CONNECT_SRC_SELF = "connect-src 'self'";
    private final String html;

    public ExtendedCspPage(@Value("${sheetflow.test.ui-connect-src}") String connectSources) {
        String page;
        try (InputStream in = ExtendedCspPage.class.getResourceAsStream("/public/index.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!page.contains(CONNECT_SRC_SELF)) {
            throw new IllegalStateException("index.html's CSP has no \"" + CONNECT_SRC_SELF + "\" to extend");
        }
        this.html = page.replace(CONNECT_SRC_SELF, CONNECT_SRC_SELF + " " + connectSources);
    }

    @Get(uris = {"/", "/index.html"}, produces = MediaType.TEXT_HTML)
    public String page() {
        return html;
    }
}
