package io.sheetflow.infra;

import static io.sheetflow.infra.TemplateJson.json;
import static io.sheetflow.infra.TemplateJson.list;
import static io.sheetflow.infra.TemplateJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The web UI on AWS: private bucket, CloudFront with the API under /api/*, the deployment and its config file. */
class WebUiHostingTest {
    private static final Path PUBLIC = Path.of("../src/main/resources/public");

    @Test
    void theUiBucket_isPrivate_encrypted_sslOnly_andReadByCloudFrontOnly() {
        Synth.Synthesized s = Synth.defaults();
        Map<String, Object> bucket = s.props("AWS::S3::Bucket", "WebUiBucket");
        Map<String, Object> block = map(bucket.get("PublicAccessBlockConfiguration"));
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), block);
        assertTrue(json(bucket.get("BucketEncryption")).contains("AES256"));
        String policy = json(s.props("AWS::S3::BucketPolicy", "WebUiBucketPolicy").get("PolicyDocument"));
        assertTrue(policy.contains("cloudfront.amazonaws.com") && policy.contains("AWS:SourceArn"),
                "only this distribution reads the bucket (origin access control): " + policy);
        assertTrue(policy.contains("aws:SecureTransport"), policy);
        assertEquals(1, s.ofType("AWS::CloudFront::OriginAccessControl").size());
    }

    @Test
    void theDistribution_servesTheUi_andSendsApiPathsToTheHttpApiUncachedWithAuthorization() {
        Synth.Synthesized s = Synth.defaults();
        Map<String, Object> config = map(s.props("AWS::CloudFront::Distribution", "WebUiDistribution").get("DistributionConfig"));
        assertEquals("index.html", config.get("DefaultRootObject"));
        assertEquals("redirect-to-https", map(config.get("DefaultCacheBehavior")).get("ViewerProtocolPolicy"));
        List<Object> behaviors = list(config.get("CacheBehaviors"));
        assertEquals(1, behaviors.size());
        Map<String, Object> apiBehavior = map(behaviors.get(0));
        assertEquals("/api/*", apiBehavior.get("PathPattern"));
        assertTrue(list(apiBehavior.get("AllowedMethods")).containsAll(List.of("GET", "POST", "PUT", "PATCH", "DELETE")));
        assertEquals("https-only", apiBehavior.get("ViewerProtocolPolicy"));
        String origins = json(config.get("Origins"));
        assertTrue(origins.contains(s.logicalId("AWS::ApiGatewayV2::Api", "HttpApi")) && origins.contains(".execute-api."),
                "the API origin is this stack's HTTP API: " + origins);
        Map<String, Object> cache = map(s.props("AWS::CloudFront::CachePolicy", "WebUiApiCachePolicy").get("CachePolicyConfig"));
        assertEquals(0, cache.get("DefaultTTL"));
        assertEquals(0, cache.get("MinTTL"));
        assertTrue(json(cache).contains("Authorization"), "answers are per caller: " + json(cache));
    }

    @Test
    void theDeployment_copiesTheUi_invalidatesTheDistribution_andTheFilesBucketAnswersTheUiOrigin() {
        Synth.Synthesized s = Synth.defaults();
        Map<String, Object> deployment = s.props("Custom::CDKBucketDeployment", "WebUiDeployment");
        assertEquals(3, list(deployment.get("SourceBucketNames")).size(), "the assets, index.html and ui-config.json");
        assertTrue(json(deployment.get("DistributionPaths")).contains("/*"));
        assertEquals(false, deployment.get("RetainOnDelete"));
        String cors = json(s.props("AWS::S3::Bucket", "FilesBucket").get("CorsConfiguration"));
        assertTrue(cors.contains(SheetflowStack.WEB_UI_CORS_RULE) && cors.contains(s.logicalId("AWS::CloudFront::Distribution", "WebUiDistribution")),
                "presigned uploads and downloads redirected to S3 work from the UI's origin: " + cors);
        assertTrue(s.json().get("Outputs").toString().contains("WebUiUrl"));
    }

    @Test
    void theDeploymentHandler_writesOnlyToTheUiBucket_andInvalidatesOnlyItsDistribution() {
        Synth.Synthesized s = Synth.defaults();
        String uiBucket = s.logicalId("AWS::S3::Bucket", "WebUiBucket");
        Map<String, Map<String, Object>> policies = s.ofType("AWS::IAM::Policy");
        List<Map<String, Object>> statements = policies.entrySet().stream()
                .filter(e -> e.getKey().startsWith(Synth.CDK_DEPLOYMENT_HANDLER))
                .flatMap(e -> list(map(e.getValue().get("PolicyDocument")).get("Statement")).stream().map(TemplateJson::map))
                .toList();
        assertFalse(statements.isEmpty());
        for (Map<String, Object> st : statements) {
            String actions = json(st.get("Action"));
            String resource = json(st.get("Resource"));
            if (actions.contains("s3:PutObject") || actions.contains("s3:DeleteObject")) {
                assertTrue(resource.contains(uiBucket) && !resource.contains(s.logicalId("AWS::S3::Bucket", "FilesBucket")),
                        "writes only the UI bucket: " + json(st));
            }
            assertFalse(resource.equals("\"*\"") && !actions.contains("cloudfront:"), "no other action on *: " + json(st));
        }
    }

    @Test
    void theUiConfig_uploadsByThePresignedFlow_notThroughTheApisBodyLimit() {
        Map<String, Object> uiConfig = WebUiHosting.uiConfig(Synth.defaults().stack().config(), "wss://ws.example.com/prod");
        assertEquals("presigned", uiConfig.get("upload_flow"));
        assertEquals("api_gateway", uiConfig.get("websocket_protocol"));
        assertEquals("wss://ws.example.com/prod", uiConfig.get("websocket_url"));
    }

    @Test
    void theUiConfig_namesTheApiGatewayProtocol_andCognitoPkceWhenGiven() {
        assertEquals(Map.of("mode", "token"), WebUiHosting.auth(Synth.defaults().stack().config()));
        Map<String, Object> cognito = WebUiHosting.auth(Synth.overrides().stack().config());
        assertEquals("oidc", cognito.get("mode"));
        assertEquals("https://sheetflow.auth.eu-west-1.amazoncognito.com/oauth2/authorize", cognito.get("authorize_url"));
        assertEquals("https://sheetflow.auth.eu-west-1.amazoncognito.com/oauth2/token", cognito.get("token_url"));
        assertEquals("4example5client6id", cognito.get("client_id"));
    }

    @Test
    void theDeployedPage_mayConnectToApiGatewayS3AndTheIssuer_andIsOtherwiseTheServersPage() throws Exception {
        String original = Files.readString(PUBLIC.resolve("index.html"));
        String deployed = WebUiHosting.indexHtml(PUBLIC, Synth.overrides().stack().config());
        assertTrue(deployed.contains("connect-src 'self' wss://*.amazonaws.com https://*.amazonaws.com wss://ws.example.com "
                + "https://sheetflow.auth.eu-west-1.amazoncognito.com;"), deployed);
        assertEquals(original.replaceAll("connect-src [^;]*;", ""), deployed.replaceAll("connect-src [^;]*;", ""));
        assertFalse(WebUiHosting.indexHtml(PUBLIC, Synth.defaults().stack().config()).contains("amazoncognito"));
    }
}
