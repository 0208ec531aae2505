package io.sheetflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The web UI on AWS: the same static files as the server's (src/main/resources/public) in a private bucket behind
 * CloudFront, with the HTTP API under {@code /api/*} on the same origin (no CORS), and {@code /ui-config.json}
 * telling the page to speak API Gateway's WebSocket protocol at the stack's WebSocket URL, to upload by presigned
 * PUTs to the files bucket (whose CORS answers the UI's origin) and how to sign in.
 */
final class WebUiHosting extends Construct {
    /** What the page's Content-Security-Policy allows it to connect to besides itself (index.html says 'self'). */
    static final String CONNECT_SRC_SELF = "connect-src 'self'";
    private final Distribution distribution;
    private final Bucket bucket;

    WebUiHosting(Construct scope, String id, SheetflowConfig config, HttpApi httpApi, String webSocketUrl, Bucket accessLogs) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("web-ui/")
                // Only built files: the deployment below removes them on stack deletion, then the empty bucket goes.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        String apiHost = httpApi.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX;
        HttpOrigin api = HttpOrigin.Builder.create(apiHost)
                .originPath("$default".equals(config.httpStageName()) ? null : "/" + config.httpStageName())
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .build();
        // The API's answers are per caller: the Authorization header is part of the key and nothing is kept
        // longer than the API's own Cache-Control allows (it sends none: TTL 0).
        CachePolicy apiCache = CachePolicy.Builder.create(this, "ApiCachePolicy")
                .comment("Sheetflow API through the web UI's origin: keyed by Authorization, not cached")
                .defaultTtl(Duration.seconds(0))
                .minTtl(Duration.seconds(0))
                .maxTtl(Duration.seconds(1))
                .headerBehavior(CacheHeaderBehavior.allowList("Authorization"))
                .queryStringBehavior(CacheQueryStringBehavior.all())
                .cookieBehavior(CacheCookieBehavior.none())
                .build();
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Sheetflow web UI and its API")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .build())
                .additionalBehaviors(Map.of("/api/*", BehaviorOptions.builder()
                        .origin(api)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(apiCache)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build()))
                .build();
        NagSuppressions.addResourceSuppressions(distribution, List.of(
                nag("AwsSolutions-CFR1", "The UI serves users wherever they are; the API authenticates every request"),
                nag("AwsSolutions-CFR2", "No WAF by default (a per-month cost); API Gateway throttling limits the API "
                        + "behind it, and a web ACL can be attached to the distribution where needed"),
                nag("AwsSolutions-CFR3", "CloudFront standard logs need an ACL-enabled bucket; the API behind /api/* "
                        + "keeps its own access log"),
                nag("AwsSolutions-CFR4", "The default *.cloudfront.net certificate allows no minimum TLS setting; "
                        + "a custom domain with its own certificate would set TLSv1.2_2021")));

        Path assets = config.webUiDirectory();
        Map<String, Object> uiConfig = uiConfig(config, webSocketUrl);
        BucketDeployment deployment = BucketDeployment.Builder.create(this, "Deployment")
                .sources(List.of(
                        Source.asset(assets.toString(), AssetOptions.builder().exclude(List.of("index.html")).build()),
                        Source.data("index.html", indexHtml(assets, config)),
                        Source.jsonData("ui-config.json", uiConfig)))
                .destinationBucket(bucket)
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                // Small files, changed by every deployment: browsers revalidate them (ETag) instead of caching.
                .cacheControl(List.of(CacheControl.noCache()))
                .prune(true)
                .retainOnDelete(false)
                .build();
        NagSuppressions.addResourceSuppressions(deployment.getHandlerRole(), List.of(
                nag("AwsSolutions-IAM4", "CDK's BucketDeployment handler writes its logs with the AWS managed "
                        + "AWSLambdaBasicExecutionRole"),
                nag("AwsSolutions-IAM5", "CDK's BucketDeployment handler copies the UI's asset objects into this "
                        + "bucket and invalidates the distribution: object keys are known only at deploy time")), true);
        Stack stack = Stack.of(this);
        stack.getNode().getChildren().stream()
                .filter(c -> c.getNode().getId().startsWith("Custom::CDKBucketDeployment"))
                .forEach(handler -> {
                    NagSuppressions.addResourceSuppressions(handler, List.of(nag("AwsSolutions-L1",
                            "CDK's BucketDeployment handler: its runtime is chosen by the CDK release")), true);
                    // CDK emits DependsOn the role next to the GetAtt of its ARN; cfn-lint warns that this is redundant (W3005).
                    if (handler.getNode().getDefaultChild() instanceof CfnResource function) {
                        function.addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
                    }
                });
    }

    Distribution distribution() {
        return distribution;
    }

    Bucket bucket() {
        return bucket;
    }

    /** The UI's origin, e.g. https://d111111abcdef8.cloudfront.net. */
    String url() {
        return "https://" + distribution.getDistributionDomainName();
    }

    /**
     * What the page reads from {@code /ui-config.json}: API Gateway's WebSocket protocol, uploads by the presigned
     * flow (the bytes go straight to the files bucket: API Gateway and Lambda cap a request body at 10 and 6 MB, so
     * a multipart POST through {@code /api/*} would fail above that) and the sign-in.
     */
    static Map<String, Object> uiConfig(SheetflowConfig config, String webSocketUrl) {
        Map<String, Object> uiConfig = new LinkedHashMap<>();
        uiConfig.put("websocket_protocol", "api_gateway");
        uiConfig.put("websocket_url", webSocketUrl);
        uiConfig.put("upload_flow", "presigned");
        uiConfig.put("auth", auth(config));
        return uiConfig;
    }

    /** Sign-in: the Cognito hosted UI's PKCE flow when its domain and app client are given; pasting a token always works. */
    static Map<String, Object> auth(SheetflowConfig config) {
        Map<String, Object> auth = new LinkedHashMap<>();
        if (config.uiAuthDomain() == null || config.uiAuthClientId() == null) {
            auth.put("mode", "token");
            return auth;
        }
        auth.put("mode", "oidc");
        auth.put("name", "Cognito");
        auth.put("authorize_url", config.uiAuthDomain() + "/oauth2/authorize");
        auth.put("token_url", config.uiAuthDomain() + "/oauth2/token");
        auth.put("client_id", config.uiAuthClientId());
        auth.put("scope", "openid email");
        return auth;
    }

    /**
     * The page as the server serves it, allowed to connect also to API Gateway's WebSocket and S3 (downloads follow
     * a 307 to a presigned URL) on *.amazonaws.com, the WebSocket's custom domain, and the Cognito token endpoint.
     */
    static String indexHtml(Path assets, SheetflowConfig config) {
        String html;
        try {
            html = Files.readString(assets.resolve("index.html"));
        } catch (IOException e) {
            throw new UncheckedIOException("The web UI's index.html is missing under " + assets, e);
        }
        if (!html.contains(CONNECT_SRC_SELF)) {
            throw new IllegalStateException("index.html's Content-Security-Policy has no \"" + CONNECT_SRC_SELF + "\" to extend");
        }
        StringBuilder sources = new StringBuilder(CONNECT_SRC_SELF).append(" wss://*.amazonaws.com https://*.amazonaws.com");
        if (config.webSocketDomainName() != null) {
            sources.append(" wss://").append(config.webSocketDomainName());
        }
        if (config.uiAuthDomain() != null) {
            sources.append(' ').append(config.uiAuthDomain());
        }
        return html.replace(CONNECT_SRC_SELF, sources.toString());
    }

    private static NagPackSuppression nag(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
