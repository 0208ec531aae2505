package io.sheetflow.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** cdk-nag's AwsSolutions pack, which SheetflowApp applies: no unsuppressed error or warning, with either context. */
class CdkNagTest {

    @Test
    void awsSolutionsChecks_reportNoUnsuppressedError_orWarning_withTheDefaults() {
        assertClean(Synth.defaults());
    }

    @Test
    void awsSolutionsChecks_reportNoUnsuppressedError_orWarning_withEveryOverride() {
        assertClean(Synth.overrides());
    }

    @Test
    void awsSolutionsChecks_reportNoUnsuppressedError_orWarning_withTheLlmPlannerOnBedrock() {
        assertClean(AssistantPlannerStackTest.bedrock());
        assertClean(AssistantPlannerStackTest.bedrockProfile());
    }

    @Test
    void awsSolutionsChecks_reportNoUnsuppressedError_orWarning_withTheLlmPlannerOnAnOpenAiCompatibleServer() {
        assertClean(AssistantPlannerStackTest.openAi());
    }

    private static void assertClean(Synth.Synthesized s) {
        Annotations annotations = Annotations.fromStack(s.stack());
        List<String> findings = new java.util.ArrayList<>();
        for (var message : annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
            findings.add("ERROR " + message.getId() + ": " + firstLine(message.getEntry().getData()));
        }
        for (var message : annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
            findings.add("WARN " + message.getId() + ": " + firstLine(message.getEntry().getData()));
        }
        assertEquals(List.of(), findings, s.name() + ":\n" + String.join("\n", findings));
    }

    private static String firstLine(Object data) {
        String text = String.valueOf(data);
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }
}
