package io.sheetflow.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

/** The artifact the stack deploys: the one the root project builds, with the handler classes of the contract. */
class LambdaArtifactTest {

    /** Lambda's limit for a function's unzipped deployment package. */
    static final long UNZIPPED_LIMIT = 262_144_000L;

    @Test
    void artifact_containsTheThreeHandlerClasses_atTheRootOrInLibJars() throws IOException {
        Set<String> classes = new HashSet<>();
        long unzipped = 0;
        try (ZipFile zip = new ZipFile(Synth.artifact().toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                unzipped += Math.max(entry.getSize(), 0);
                if (entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                } else if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                            if (inner.getName().startsWith("io/sheetflow/lambda/")) {
                                classes.add(inner.getName());
                            }
                        }
                    }
                }
            }
        }
        for (String handler : new String[] {SheetflowStack.HTTP_HANDLER, SheetflowStack.WEBSOCKET_HANDLER, SheetflowStack.WORKER_HANDLER}) {
            String cls = handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class";
            assertTrue(classes.contains(cls), cls + " missing from " + Synth.artifact());
        }
        assertTrue(unzipped <= UNZIPPED_LIMIT, "unzipped " + unzipped + " bytes exceeds Lambda's 250 MB limit");
    }

    @Test
    void theSynthesizedAsset_isTheArtifact_byteForByte() throws Exception {
        Synth.Synthesized s = Synth.defaults();
        String key = TemplateJson.json(s.props("AWS::Lambda::Function", "HttpFunction").get("Code"))
                .replaceAll(".*\"S3Key\":\"([0-9a-f]+)\\.zip\".*", "$1");
        Path asset = Path.of("target", "cdk.out", "default", "asset." + key + ".zip");
        assertTrue(Files.isRegularFile(asset), asset + " (the staged asset) is missing");
        assertEquals(Files.size(Synth.artifact()), Files.size(asset));
        assertArrayEquals(sha256(Synth.artifact()), sha256(asset));
    }

    static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }
}
