package io.sheetflow.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small readers over the synthesized template's JSON (maps and lists). */
final class TemplateJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A value that CloudFormation allows as one item or a list. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    static Map<String, Object> join(Object... parts) {
        return Map.of("Fn::Join", List.of("", List.of(parts)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Map<String, Object> functionProps) {
        return (Map<String, Object>) map(functionProps.get("Environment")).get("Variables");
    }

    /** Every statement of the AWS::IAM::Policy resources attached to the role, and the role's inline policies. */
    static List<Map<String, Object>> statementsOfRole(Synth.Synthesized s, String roleLogicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        s.ofType("AWS::IAM::Policy").values().forEach(policy -> {
            if (list(policy.get("Roles")).contains(ref(roleLogicalId))) {
                list(map(policy.get("PolicyDocument")).get("Statement")).forEach(st -> statements.add(map(st)));
            }
        });
        Map<String, Object> role = s.ofType("AWS::IAM::Role").get(roleLogicalId);
        assertTrue(role != null, "no role " + roleLogicalId);
        list(role.get("Policies")).forEach(p -> list(map(map(p).get("PolicyDocument")).get("Statement"))
                .forEach(st -> statements.add(map(st))));
        return statements;
    }

    /** The statements of every IAM policy in the template: managed, inline, and role policies. */
    /** Resources but CDK's BucketDeployment handler's (see Synth.CDK_DEPLOYMENT_HANDLER). */
    static List<Map<String, Object>> applications(Map<String, Map<String, Object>> resources) {
        return resources.entrySet().stream().filter(e -> !e.getKey().startsWith(Synth.CDK_DEPLOYMENT_HANDLER))
                .map(Map.Entry::getValue).toList();
    }

    /** The identity statements of the application's roles (CDK's BucketDeployment handler left out). */
    static List<Map<String, Object>> allIdentityStatements(Synth.Synthesized s) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            applications(s.ofType(type)).forEach(p -> list(map(p.get("PolicyDocument")).get("Statement"))
                    .forEach(st -> statements.add(map(st))));
        }
        applications(s.ofType("AWS::IAM::Role")).forEach(role -> list(role.get("Policies"))
                .forEach(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).forEach(st -> statements.add(map(st)))));
        return statements;
    }

    static List<String> actions(Map<String, Object> statement) {
        return strings(statement.get("Action"));
    }

    private TemplateJson() {
    }
}
