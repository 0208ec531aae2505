package io.sheetflow.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import software.constructs.Node;

/**
 * Deployment settings, read from CDK context ({@code cdk deploy -c key=value} or cdk.json). Every key has a
 * default except the JWT issuer, which becomes a CloudFormation parameter when no context value is given.
 */
public record SheetflowConfig(
        Path lambdaArtifact,
        String stackName,
        String stageName,
        String httpStageName,
        String jwtIssuer,
        String domainName,
        String webSocketDomainName,
        String certificateArn,
        List<String> corsAllowedOrigins,
        int outputExpirationDays,
        int workerTimeoutMinutes,
        int workerBatchSize,
        int workerMaxConcurrency,
        int httpReservedConcurrency,
        int webSocketReservedConcurrency,
        int natGateways,
        boolean vpcInterfaceEndpoints,
        String dbInstanceType,
        boolean dbMultiAz,
        boolean dbDeletionProtection,
        String alarmEmail,
        Path webUiDirectory,
        String uiAuthDomain,
        String uiAuthClientId,
        AssistantPlanner assistant) {

    public static final String DEFAULT_LAMBDA_ARTIFACT = "../target/sheetflow-lambda.zip";
    /** The web UI's static files, deployed as they are (the server serves the same directory from its jar). */
    public static final String DEFAULT_WEB_UI_DIRECTORY = "../src/main/resources/public";
    public static final String BUILD_COMMAND = "./mvnw -B -ntp -Plambda -DskipTests package";

    public SheetflowConfig {
        require(stageName.matches("[A-Za-z0-9_-]{1,128}"), "stageName must be 1-128 letters, digits, - or _: " + stageName);
        require(httpStageName.equals("$default") || httpStageName.matches("[A-Za-z0-9_-]{1,128}"),
                "httpStageName must be $default or 1-128 letters, digits, - or _: " + httpStageName);
        require(jwtIssuer == null || jwtIssuer.matches("https://[^\\s]+[^/\\s]"),
                "jwtIssuer must be an https URL without a trailing slash: " + jwtIssuer);
        require((domainName == null && webSocketDomainName == null) || certificateArn != null,
                "domainName / webSocketDomainName need certificateArn (an ACM certificate in the stack's region)");
        require(outputExpirationDays >= 1, "outputExpirationDays must be at least 1");
        require(workerTimeoutMinutes >= 1 && workerTimeoutMinutes <= 15, "workerTimeoutMinutes must be 1..15 (Lambda's maximum)");
        require(workerBatchSize >= 1 && workerBatchSize <= 10, "workerBatchSize must be 1..10");
        require(workerMaxConcurrency >= 2 && workerMaxConcurrency <= 1000, "workerMaxConcurrency must be 2..1000 (SQS event source limits)");
        require(httpReservedConcurrency >= 0 && webSocketReservedConcurrency >= 0,
                "httpReservedConcurrency and webSocketReservedConcurrency must be 0 (no reservation) or more");
        require(natGateways >= 1 && natGateways <= 2,
                "natGateways must be 1 or 2: the functions need egress for the API Gateway management API and the JWKS URL");
        require(uiAuthDomain == null || uiAuthDomain.matches("https://[^\\s/]+"),
                "uiAuthDomain must be the hosted UI's https origin, e.g. https://myapp.auth.eu-west-1.amazoncognito.com: " + uiAuthDomain);
        require((uiAuthDomain == null) == (uiAuthClientId == null), "uiAuthDomain and uiAuthClientId go together");
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    }

    /** Reads the context of the app; the Lambda artifact may also come from the system property {@code lambdaArtifact}. */
    public static SheetflowConfig from(Node node) {
        Function<String, String> ctx = key -> {
            Object value = node.tryGetContext(key);
            if (value == null) {
                return null;
            }
            String text = value.toString().trim();
            return text.isEmpty() ? null : text;
        };
        String artifact = firstNonNull(ctx.apply("lambdaArtifact"), System.getProperty("lambdaArtifact"), DEFAULT_LAMBDA_ARTIFACT);
        String issuer = ctx.apply("jwtIssuer");
        return new SheetflowConfig(
                Path.of(artifact).toAbsolutePath().normalize(),
                firstNonNull(ctx.apply("stackName"), "Sheetflow"),
                firstNonNull(ctx.apply("stageName"), "prod"),
                firstNonNull(ctx.apply("httpStageName"), "$default"),
                issuer == null ? null : issuer.replaceAll("/+$", ""),
                ctx.apply("domainName"),
                ctx.apply("webSocketDomainName"),
                ctx.apply("certificateArn"),
                Arrays.stream(firstNonNull(ctx.apply("corsAllowedOrigins"), "").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                integer(ctx.apply("outputExpirationDays"), 2, "outputExpirationDays"),
                integer(ctx.apply("workerTimeoutMinutes"), 15, "workerTimeoutMinutes"),
                integer(ctx.apply("workerBatchSize"), 1, "workerBatchSize"),
                integer(ctx.apply("workerMaxConcurrency"), 10, "workerMaxConcurrency"),
                integer(ctx.apply("httpReservedConcurrency"), 50, "httpReservedConcurrency"),
                integer(ctx.apply("webSocketReservedConcurrency"), 20, "webSocketReservedConcurrency"),
                integer(ctx.apply("natGateways"), 1, "natGateways"),
                bool(ctx.apply("vpcInterfaceEndpoints"), false),
                firstNonNull(ctx.apply("dbInstanceType"), "t4g.micro"),
                bool(ctx.apply("dbMultiAz"), false),
                bool(ctx.apply("dbDeletionProtection"), true),
                ctx.apply("alarmEmail"),
                Path.of(firstNonNull(ctx.apply("webUiDirectory"), DEFAULT_WEB_UI_DIRECTORY)).toAbsolutePath().normalize(),
                ctx.apply("uiAuthDomain") == null ? null : ctx.apply("uiAuthDomain").replaceAll("/+$", ""),
                ctx.apply("uiAuthClientId"),
                AssistantPlanner.from(ctx));
    }

    /** The artifact must exist before synthesis: {@code Code.fromAsset} hashes it. */
    public Path requireLambdaArtifact() {
        if (!Files.isRegularFile(lambdaArtifact)) {
            throw new IllegalStateException("The Lambda artifact " + lambdaArtifact + " does not exist. Build it at the "
                    + "repository root with `" + BUILD_COMMAND + "`, or point -c lambdaArtifact=... (or "
                    + "-DlambdaArtifact=...) at a built sheetflow-lambda.zip.");
        }
        return lambdaArtifact;
    }

    public boolean hasJwtIssuer() {
        return jwtIssuer != null;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static int integer(String value, int fallback, String key) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number: " + value, e);
        }
    }

    private static boolean bool(String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false: " + value);
        };
    }
}
