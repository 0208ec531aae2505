package io.sheetflow.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The image tar that {@code ./mvnw -Pimage package} writes (docker-archive format: manifest.json, config.json and
 * one gzipped tar per layer), read without a container engine: its config, and its file system laid out in a folder
 * layer by layer, with the layers' modes (and owners, when the test runs as root).
 */
final class ContainerImage {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> repoTags;
    final JsonNode config;
    private final Path tar;

    private ContainerImage(Path tar, List<String> repoTags, JsonNode config) {
        this.tar = tar;
        this.repoTags = repoTags;
        this.config = config;
    }

    static ContainerImage read(Path tar) throws IOException {
        Map<String, byte[]> small = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".json")) {
                    small.put(e.getName(), in.readAllBytes());
                }
            }
        }
        JsonNode manifest = JSON.readTree(small.get("manifest.json")).get(0);
        List<String> tags = new ArrayList<>();
        manifest.get("RepoTags").forEach(t -> tags.add(t.asText()));
        return new ContainerImage(tar, tags, JSON.readTree(small.get(manifest.get("Config").asText())));
    }

    List<String> layers() throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("manifest.json")) {
                    List<String> layers = new ArrayList<>();
                    JSON.readTree(in.readAllBytes()).get(0).get("Layers").forEach(l -> layers.add(l.asText()));
                    return layers;
                }
            }
        }
        throw new IOException("no manifest.json in " + tar);
    }

    List<String> list(String key) {
        List<String> values = new ArrayList<>();
        config.path("config").path(key).forEach(v -> values.add(v.asText()));
        return values;
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : list("Env")) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return env;
    }

    /** Lays the image's file system out under {@code root}, the layers in the manifest's order. */
    void extract(Path root, boolean setOwners) throws IOException {
        Path layersDir = Files.createTempDirectory(root.getParent(), "layers");
        try {
            try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getName().endsWith(".tar.gz") || e.getName().endsWith(".tar")) {
                        Files.copy(in, layersDir.resolve(e.getName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (String layer : layers()) {
                Path file = layersDir.resolve(layer);
                try (InputStream raw = Files.newInputStream(file);
                     InputStream body = layer.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                     TarArchiveInputStream in = new TarArchiveInputStream(body)) {
                    for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                        place(root, e, in, setOwners);
                    }
                }
            }
        } finally {
            Files.walk(layersDir).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    private static void place(Path root, TarArchiveEntry e, InputStream in, boolean setOwners) throws IOException {
        String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
        if (name.isEmpty()) {
            return;
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || name.contains("/.wh.") || name.startsWith(".wh.")) {
            throw new IOException("unexpected layer entry " + e.getName());
        }
        if (e.isDirectory()) {
            Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(target);
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            return;
        } else if (e.isFile()) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            throw new IOException("unexpected entry type in layer: " + e.getName());
        }
        Files.setPosixFilePermissions(target, permissions(e.getMode()));
        if (setOwners) {
            Files.setAttribute(target, "unix:uid", (int) e.getLongUserId());
            Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId());
        }
        if ((e.getMode() & 01000) != 0) {
            // The sticky bit (/tmp): not expressible through PosixFilePermission.
            try {
                new ProcessBuilder("chmod", "+t", target.toString()).inheritIO().start().waitFor();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException(interrupted);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
