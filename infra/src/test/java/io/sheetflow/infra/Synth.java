package io.sheetflow.infra;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the stack once per context (cached for the whole test JVM: a synth starts jsii's Node.js
 * process and copies the Lambda artifact, so every test class shares the same two templates).
 */
final class Synth {

    /** The JWT issuer the default synthesis passes as context. */
    static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example";

    static final Map<String, Object> DEFAULT_CONTEXT = Map.of("jwtIssuer", ISSUER + "/");

    /** Every override the app supports, and no jwtIssuer: it becomes a CloudFormation parameter. */
    static final Map<String, Object> OVERRIDE_CONTEXT = Map.ofEntries(
            Map.entry("stackName", "SheetflowStaging"),
            Map.entry("stageName", "staging"),
            Map.entry("httpStageName", "v1"),
            Map.entry("domainName", "api.example.com"),
            Map.entry("webSocketDomainName", "ws.example.com"),
            Map.entry("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012"),
            Map.entry("corsAllowedOrigins", "https://app.example.com, https://admin.example.com"),
            Map.entry("outputExpirationDays", "7"),
            Map.entry("workerTimeoutMinutes", "10"),
            Map.entry("workerBatchSize", "2"),
            Map.entry("workerMaxConcurrency", "5"),
            Map.entry("httpReservedConcurrency", "0"),
            Map.entry("webSocketReservedConcurrency", "7"),
            Map.entry("natGateways", "2"),
            Map.entry("vpcInterfaceEndpoints", "true"),
            Map.entry("dbInstanceType", "t4g.small"),
            Map.entry("dbMultiAz", "true"),
            Map.entry("dbDeletionProtection", "false"),
            Map.entry("alarmEmail", "ops@example.com"),
            Map.entry("webUiDirectory", "../src/main/resources/public"),
            Map.entry("uiAuthDomain", "https://sheetflow.auth.eu-west-1.amazoncognito.com/"),
            Map.entry("uiAuthClientId", "4example5client6id"));

    /**
     * Logical-id prefix of CDK's BucketDeployment handler (function, role, policy), which copies the web UI into its
     * bucket: its policies are CDK's (WebUiHostingTest checks where it may write), not the application's.
     */
    static final String CDK_DEPLOYMENT_HANDLER = "CustomCDKBucketDeployment";

    record Synthesized(String name, SheetflowStack stack, Template template, Map<String, Object> json) {

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources() {
            return (Map<String, Map<String, Object>>) json.get("Resources");
        }

        /** Logical id to properties of every resource of the type. */
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> ofType(String type) {
            Map<String, Map<String, Object>> found = new LinkedHashMap<>();
            resources().forEach((id, resource) -> {
                if (type.equals(resource.get("Type"))) {
                    found.put(id, (Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
                }
            });
            return found;
        }

        /** The one resource of the type whose logical id starts with the prefix. */
        Map.Entry<String, Map<String, Object>> one(String type, String idPrefix) {
            List<Map.Entry<String, Map<String, Object>>> matches = ofType(type).entrySet().stream()
                    .filter(e -> e.getKey().startsWith(idPrefix)).toList();
            if (matches.size() != 1) {
                fail("expected one " + type + " with id " + idPrefix + "*, found " + matches.stream().map(Map.Entry::getKey).toList());
            }
            return matches.get(0);
        }

        String logicalId(String type, String idPrefix) {
            return one(type, idPrefix).getKey();
        }

        Map<String, Object> props(String type, String idPrefix) {
            return one(type, idPrefix).getValue();
        }

        /** The application's functions: every Lambda function but CDK's BucketDeployment handler (the web UI's). */
        List<Map<String, Object>> applicationFunctions() {
            return ofType("AWS::Lambda::Function").entrySet().stream()
                    .filter(e -> !e.getKey().startsWith(CDK_DEPLOYMENT_HANDLER)).map(Map.Entry::getValue).toList();
        }

        long count(String type, Predicate<Map<String, Object>> filter) {
            return ofType(type).values().stream().filter(filter).count();
        }
    }

    private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

    static Synthesized defaults() {
        return CACHE.computeIfAbsent("default", name -> synth(name, DEFAULT_CONTEXT));
    }

    static Synthesized overrides() {
        return CACHE.computeIfAbsent("overrides", name -> synth(name, OVERRIDE_CONTEXT));
    }

    /** The default context with these entries added (e.g. a planner choice), synthesized once per name. */
    static Synthesized defaultsWith(String name, Map<String, Object> extra) {
        return CACHE.computeIfAbsent(name, n -> {
            Map<String, Object> context = new LinkedHashMap<>(DEFAULT_CONTEXT);
            context.putAll(extra);
            return synth(n, context);
        });
    }

    /** The artifact the tests deploy: the real build output, or -DlambdaArtifact=... */
    static Path artifact() {
        Path artifact = Path.of(Objects.requireNonNullElse(System.getProperty("lambdaArtifact"),
                SheetflowConfig.DEFAULT_LAMBDA_ARTIFACT)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(artifact)) {
            fail("The Lambda artifact " + artifact + " is missing: the infra tests synthesize the stack with the real "
                    + "artifact. Build it at the repository root first: `" + SheetflowConfig.BUILD_COMMAND
                    + "` (or run the tests with -DlambdaArtifact=/path/to/sheetflow-lambda.zip).");
        }
        return artifact;
    }

    private static Synthesized synth(String name, Map<String, Object> context) {
        Map<String, Object> ctx = new LinkedHashMap<>(context);
        ctx.put("lambdaArtifact", artifact().toString());
        App app = new App(AppProps.builder()
                .context(ctx)
                .outdir(Path.of("target", "cdk.out", name).toAbsolutePath().toString())
                .build());
        SheetflowStack stack = SheetflowApp.create(app);
        Template template = Template.fromStack(stack);
        return new Synthesized(name, stack, template, template.toJSON());
    }

    private Synth() {
    }
}
