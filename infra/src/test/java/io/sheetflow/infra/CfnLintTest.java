package io.sheetflow.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** cfn-lint (installed by .ci/run when absent) passes on the synthesized templates, warnings included. */
class CfnLintTest {

    @Test
    void cfnLint_passesOnTheDefaultTemplate() throws Exception {
        lint(Synth.defaults());
    }

    @Test
    void cfnLint_passesOnTheTemplateWithEveryOverride() throws Exception {
        lint(Synth.overrides());
    }

    static void lint(Synth.Synthesized s) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cfn-lint"));
        Path template = dir.resolve(s.name() + ".template.json");
        Files.writeString(template, TemplateJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(s.json()));
        String cfnLint = System.getProperty("cfnLint", "cfn-lint");
        Process process;
        try {
            process = new ProcessBuilder(List.of(cfnLint, "--", template.toString()))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cfn-lint is not installed (`" + cfnLint + "` could not be started: " + e.getMessage()
                    + "). Install it with `pip install cfn-lint` (.ci/run does), or pass -DcfnLint=/path/to/cfn-lint.");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("cfn-lint did not finish in 5 minutes on " + template);
        }
        assertEquals(0, process.exitValue(), "cfn-lint " + template + " failed:\n" + output);
    }
}
