package io.sheetflow.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.ApiMapping;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyOptions;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Sheetflow on AWS: three Java 21 Lambda functions with SnapStart (HTTP API, WebSocket API, SQS worker), an S3
 * bucket for files, PostgreSQL on RDS behind RDS Proxy, the SQS run queue with its dead-letter queue.
 */
public class SheetflowStack extends Stack {

    /** The handler contract with the application (module {@code io.sheetflow.lambda}). */
    /** Default route throttling of the stages (requests per second, burst), well under the account's 10,000/s. */
    public static final int HTTP_THROTTLE_RATE = 100;
    public static final int HTTP_5XX_ALARM_THRESHOLD = 5;
    public static final int HTTP_THROTTLE_BURST = 200;
    public static final int WEBSOCKET_THROTTLE_RATE = 50;
    public static final int WEBSOCKET_THROTTLE_BURST = 100;
    public static final String HTTP_HANDLER = "io.sheetflow.lambda.HttpFunction::handleRequest";
    public static final String WEBSOCKET_HANDLER = "io.sheetflow.lambda.WebSocketFunction::handleRequest";
    public static final String WORKER_HANDLER = "io.sheetflow.lambda.WorkerFunction::handleRequest";

    public static final String DATABASE_NAME = "sheetflow";
    public static final String ALIAS_NAME = "live";
    /** Where the application keeps the outputs of its one-shot (stateless) endpoints; they expire. */
    public static final String STATELESS_OUTPUT_PREFIX = "stateless/";
    /** pgJDBC: TLS required, the server certificate and host name verified against the JVM's trust store. */
    public static final String JDBC_TLS_PARAMETERS = "?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory";
    /** The files bucket's CORS rule for the web UI's origin: presigned upload PUTs and redirected downloads. */
    public static final String WEB_UI_CORS_RULE = "web-ui-uploads-and-downloads";
    /** C1 only: faster start for short request handlers; the worker's long CPU-bound runs keep C2. */
    public static final String FAST_START_JAVA_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** One JSON line per request, without query strings or headers: a token sent in a query string by mistake stays out of the logs. */
    public static final String HTTP_ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"time\":\"$context.requestTime\",\"ip\":\"$context.identity.sourceIp\","
            + "\"method\":\"$context.httpMethod\",\"path\":\"$context.path\",\"status\":\"$context.status\","
            + "\"bytes\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
            + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    /** ConverseStream's IAM action (the only Bedrock call the application makes). */
    public static final String BEDROCK_CONVERSE_STREAM = "bedrock:InvokeModelWithResponseStream";
    private static final String INTERFACE_ENDPOINT_INGRESS = "The endpoint's security group admits HTTPS from the "
            + "VPC's own CIDR only (CDK's default); the rule cannot evaluate that CIDR, an intrinsic";

    public static final int HTTP_TIMEOUT_SECONDS = 30;
    public static final int WEBSOCKET_TIMEOUT_SECONDS = 30;

    private final SheetflowConfig config;

    public SheetflowStack(Construct scope, String id, StackProps props, SheetflowConfig config) {
        super(scope, id, props);
        this.config = config;
        Code code = Code.fromAsset(config.requireLambdaArtifact().toString());

        String jwtIssuer = config.hasJwtIssuer() ? config.jwtIssuer() : CfnParameter.Builder.create(this, "JwtIssuer")
                .type("String")
                .description("Issuer of the users' JWTs, e.g. https://cognito-idp.<region>.amazonaws.com/<user-pool-id> "
                        + "(no trailing slash); its JWKS is <issuer>/.well-known/jwks.json")
                .allowedPattern("^https://\\S+[^/\\s]$")
                .build().getValueAsString();

        // Network: functions in private subnets with one NAT gateway (they must reach the API Gateway management
        // API and the JWKS URL, which have no usable VPC endpoint); S3 through a free gateway endpoint so file
        // bytes never pay NAT processing; the database and its proxy in isolated subnets.
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(config.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("functions").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(22).build(),
                        SubnetConfiguration.builder().name("database").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build()))
                .build();
        // Rejected traffic only: what a security review asks for, at a fraction of the cost of logging all flows.
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "VpcFlowLogs")
                        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build()))
                .trafficType(FlowLogTrafficType.REJECT)
                .build());
        SubnetSelection functionSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        SubnetSelection databaseSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        if (config.vpcInterfaceEndpoints()) {
            var sqsEndpoint = vpc.addInterfaceEndpoint("SqsEndpoint", InterfaceVpcEndpointOptions.builder()
                    .service(InterfaceVpcEndpointAwsService.SQS).subnets(functionSubnets).build());
            var secretsEndpoint = vpc.addInterfaceEndpoint("SecretsManagerEndpoint", InterfaceVpcEndpointOptions.builder()
                    .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER).subnets(functionSubnets).build());
            for (var endpoint : List.of(sqsEndpoint, secretsEndpoint)) {
                NagSuppressions.addResourceSuppressions(endpoint, List.of(nag("AwsSolutions-EC23", INTERFACE_ENDPOINT_INGRESS)), true);
            }
        }

        SecurityGroup functionsSg = SecurityGroup.Builder.create(this, "FunctionsSecurityGroup")
                .vpc(vpc)
                .description("Sheetflow Lambda functions: HTTPS out, PostgreSQL to the RDS Proxy only")
                .allowAllOutbound(false)
                .build();
        functionsSg.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to AWS APIs (S3, SQS, Secrets Manager, API Gateway management) and the JWKS URL");

        // Files, with S3 server access logs in a bucket of their own (kept 90 days).
        Bucket accessLogs = Bucket.Builder.create(this, "FilesAccessLogsBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(90)).build()))
                .build();
        NagSuppressions.addResourceSuppressions(accessLogs, List.of(nag("AwsSolutions-S1",
                "This bucket is the files bucket's server access log target; logging it into itself would loop")));
        Bucket bucket = Bucket.Builder.create(this, "FilesBucket")
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("files/")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build(),
                        LifecycleRule.builder()
                                // Conversation files live as long as their conversation (deleting it deletes them);
                                // outputs of the one-shot endpoints are swept by the application after a day, and
                                // this rule is the backstop (Lambda has no scheduler to run the sweep).
                                .id("expire-stateless-outputs")
                                .prefix(STATELESS_OUTPUT_PREFIX)
                                .expiration(Duration.days(config.outputExpirationDays()))
                                .build()))
                // Browsers may PUT/GET presigned URLs only from the configured origins (none by default).
                .cors(config.corsAllowedOrigins().isEmpty() ? null : List.of(CorsRule.builder()
                        .id("presigned-browser-uploads")
                        .allowedMethods(List.of(HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                        .allowedOrigins(config.corsAllowedOrigins())
                        .allowedHeaders(List.of("*"))
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .build();

        // PostgreSQL: RDS with generated credentials in Secrets Manager, reached through RDS Proxy.
        DatabaseInstance database = DatabaseInstance.Builder.create(this, "Database")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16_13).build()))
                .instanceType(new InstanceType(config.dbInstanceType()))
                .vpc(vpc)
                .vpcSubnets(databaseSubnets)
                .credentials(Credentials.fromGeneratedSecret("sheetflow"))
                .databaseName(DATABASE_NAME)
                .storageType(StorageType.GP3)
                .allocatedStorage(20)
                .maxAllocatedStorage(100)
                .storageEncrypted(true)
                .multiAz(config.dbMultiAz())
                .publiclyAccessible(false)
                .autoMinorVersionUpgrade(true)
                .backupRetention(Duration.days(7))
                .deletionProtection(config.dbDeletionProtection())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        ISecret dbSecret = database.getSecret();
        // The database is kept as a snapshot on stack deletion: keep its credentials too, or the snapshot's
        // master password is lost with the secret.
        ((software.amazon.awscdk.services.secretsmanager.Secret) database.getNode().findChild("Secret"))
                .applyRemovalPolicy(RemovalPolicy.RETAIN);
        DatabaseProxy proxy = database.addProxy("Proxy", DatabaseProxyOptions.builder()
                .dbProxyName(getStackName().toLowerCase(java.util.Locale.ROOT) + "-db-proxy")
                .vpc(vpc)
                .vpcSubnets(databaseSubnets)
                .secrets(List.of(dbSecret))
                .requireTls(true)
                .iamAuth(false)
                .borrowTimeout(Duration.seconds(30))
                .build());
        List<NagPackSuppression> databaseFindings = new java.util.ArrayList<>(List.of(
                nag("AwsSolutions-RDS11", "The database lives in isolated subnets and admits only the RDS Proxy's "
                        + "security group; a non-default port would hide nothing from that one peer"),
                nag("AwsSolutions-SMG4", "The functions read the database secret once at init (and RDS Proxy with "
                        + "them): rotating it would break new connections of warm environments until they restart. "
                        + "Rotate by redeploying; automatic rotation needs the app to re-read the secret on an auth failure")));
        if (!config.dbMultiAz()) {
            databaseFindings.add(nag("AwsSolutions-RDS3", "Single-AZ by default for cost; -c dbMultiAz=true for production"));
        }
        if (!config.dbDeletionProtection()) {
            databaseFindings.add(nag("AwsSolutions-RDS10", "Deletion protection switched off explicitly (-c dbDeletionProtection=false)"));
        }
        NagSuppressions.addResourceSuppressions(database, databaseFindings, true);
        // (The proxy's own construct already opens the database's port to the proxy's security group.)
        proxy.getConnections().allowFrom(functionsSg, Port.tcp(5432), "Sheetflow functions to RDS Proxy");

        // Runs: SQS with a dead-letter queue and an alarm on it.
        Duration workerTimeout = Duration.minutes(config.workerTimeoutMinutes());
        Queue deadLetterQueue = Queue.Builder.create(this, "RunsDeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Queue runsQueue = Queue.Builder.create(this, "RunsQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(6 * workerTimeout.toSeconds().longValue()))
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(3).build())
                .build();
        Topic alarmTopic = Topic.Builder.create(this, "AlarmTopic").displayName("Sheetflow alarms").enforceSsl(true).build();
        if (config.alarmEmail() != null) {
            alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail()));
        }
        Alarm dlqAlarm = Alarm.Builder.create(this, "RunsDeadLetterAlarm")
                .alarmDescription("Workflow runs reached the dead-letter queue (a worker failed them 3 times)")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        dlqAlarm.addAlarmAction(new SnsAction(alarmTopic));

        // APIs (the functions are attached below; their environment needs the APIs' ids).
        WebSocketApi webSocketApi = WebSocketApi.Builder.create(this, "WebSocketApi")
                .apiName(getStackName() + "-websocket")
                .description("Sheetflow live workflow events")
                .build();
        WebSocketStage webSocketStage = WebSocketStage.Builder.create(this, "WebSocketStage")
                .webSocketApi(webSocketApi)
                .stageName(config.stageName())
                .autoDeploy(true)
                .throttle(software.amazon.awscdk.services.apigatewayv2.ThrottleSettings.builder()
                        .rateLimit(WEBSOCKET_THROTTLE_RATE).burstLimit(WEBSOCKET_THROTTLE_BURST).build())
                .build();
        HttpApi httpApi = HttpApi.Builder.create(this, "HttpApi")
                .apiName(getStackName() + "-http")
                .description("Sheetflow REST API")
                .createDefaultStage(false)
                .build();
        // Access logs for the HTTP API (HTTP APIs log through a service-linked role; WebSocket APIs would need the
        // account-wide API Gateway CloudWatch role, which a stack should not change, so they log only through
        // the WebSocket function).
        LogGroup httpAccessLogs = LogGroup.Builder.create(this, "HttpApiAccessLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        HttpStage httpStage = HttpStage.Builder.create(this, "HttpStage")
                .httpApi(httpApi)
                .stageName(config.httpStageName())
                .autoDeploy(true)
                .throttle(software.amazon.awscdk.services.apigatewayv2.ThrottleSettings.builder()
                        .rateLimit(HTTP_THROTTLE_RATE).burstLimit(HTTP_THROTTLE_BURST).build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(httpAccessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(HTTP_ACCESS_LOG_FORMAT);
                    }
                })
                .build();

        String executeApiHttpUrl = "https://" + httpApi.getApiId() + ".execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX
                + ("$default".equals(config.httpStageName()) ? "" : "/" + config.httpStageName());
        String webSocketUrl = webSocketStage.getUrl();
        String publicUrl = executeApiHttpUrl;
        ICertificate certificate = config.certificateArn() == null ? null
                : Certificate.fromCertificateArn(this, "Certificate", config.certificateArn());
        if (config.domainName() != null) {
            DomainName domain = DomainName.Builder.create(this, "HttpDomain")
                    .domainName(config.domainName()).certificate(certificate).build();
            ApiMapping.Builder.create(this, "HttpApiMapping").api(httpApi).domainName(domain).stage(httpStage).build();
            publicUrl = "https://" + config.domainName();
            CfnOutput.Builder.create(this, "HttpDomainTarget")
                    .description("Point a CNAME/alias for " + config.domainName() + " at this name")
                    .value(domain.getRegionalDomainName()).build();
        }
        if (config.webSocketDomainName() != null) {
            DomainName domain = DomainName.Builder.create(this, "WebSocketDomain")
                    .domainName(config.webSocketDomainName()).certificate(certificate).build();
            ApiMapping.Builder.create(this, "WebSocketApiMapping").api(webSocketApi).domainName(domain).stage(webSocketStage).build();
            webSocketUrl = "wss://" + config.webSocketDomainName();
            CfnOutput.Builder.create(this, "WebSocketDomainTarget")
                    .description("Point a CNAME/alias for " + config.webSocketDomainName() + " at this name")
                    .value(domain.getRegionalDomainName()).build();
        }

        // The environment contract with the application.
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SHEETFLOW_STORAGE_TYPE", "s3");
        environment.put("SHEETFLOW_STORAGE_S3_BUCKET", bucket.getBucketName());
        // TLS with the proxy's certificate and host name verified: RDS Proxy presents an ACM certificate (Amazon Trust
        // Services roots, in the Java runtime's own trust store), not one of the RDS CA, so the JVM's trust store is
        // the root of trust rather than an RDS CA bundle file.
        environment.put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://" + proxy.getEndpoint() + ":5432/" + DATABASE_NAME
                + JDBC_TLS_PARAMETERS);
        environment.put("DATASOURCES_DEFAULT_DRIVER_CLASS_NAME", "org.postgresql.Driver");
        environment.put("SHEETFLOW_DB_SECRET_ARN", dbSecret.getSecretArn());
        environment.put("SHEETFLOW_RUNS_QUEUE_URL", runsQueue.getQueueUrl());
        environment.put("SHEETFLOW_WEBSOCKET_MANAGEMENT_ENDPOINT", webSocketStage.getCallbackUrl());
        environment.put("SHEETFLOW_AUTH_JWT_ISSUER", jwtIssuer);
        environment.put("MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_COGNITO_URL", jwtIssuer + "/.well-known/jwks.json");
        environment.put("SHEETFLOW_PUBLIC_URL", publicUrl);
        environment.put("SHEETFLOW_WEBSOCKET_PUBLIC_URL", webSocketUrl);
        if (!config.corsAllowedOrigins().isEmpty() && !config.corsAllowedOrigins().contains("*")) {
            environment.put("SHEETFLOW_CORS_ALLOWED_ORIGINS", String.join(",", config.corsAllowedOrigins()));
        }

        FunctionParts functions = new FunctionParts(vpc, functionSubnets, functionsSg, code);
        // Reserved concurrency caps what one runaway client or a flood can spend (and keeps the other functions'
        // share); the worker reserves what its SQS event source may use, so its polling is never throttled.
        Alias http = functions.create("HttpFunction", HTTP_HANDLER, "Sheetflow REST API (API Gateway HTTP API, payload v2)",
                2048, Duration.seconds(HTTP_TIMEOUT_SECONDS), config.httpReservedConcurrency(), withFastStart(environment));
        Alias webSocket = functions.create("WebSocketFunction", WEBSOCKET_HANDLER,
                "Sheetflow WebSocket API ($connect, $disconnect, $default)",
                1024, Duration.seconds(WEBSOCKET_TIMEOUT_SECONDS), config.webSocketReservedConcurrency(),
                withoutHttpPriming(withFastStart(environment)));
        // The worker writes the assistant's replies (the HTTP function only queues them): the planner settings are its own.
        Map<String, String> workerEnvironment = withoutHttpPriming(environment);
        workerEnvironment.putAll(config.assistant().environment());
        Alias worker = functions.create("WorkerFunction", WORKER_HANDLER, "Sheetflow workflow runs and assistant replies from SQS",
                2048, workerTimeout, config.workerMaxConcurrency(), workerEnvironment);
        for (var fn : List.of(Map.entry("Http", http), Map.entry("WebSocket", webSocket), Map.entry("Worker", worker))) {
            alarm(alarmTopic, fn.getKey() + "FunctionErrorsAlarm",
                    "The " + fn.getKey() + " function failed invocations (uncaught errors, timeouts, init failures)",
                    fn.getValue().metricErrors(sum5Minutes()), 1);
            alarm(alarmTopic, fn.getKey() + "FunctionThrottlesAlarm",
                    "The " + fn.getKey() + " function was throttled (reserved or account concurrency reached)",
                    fn.getValue().metricThrottles(sum5Minutes()), 1);
        }
        alarm(alarmTopic, "HttpApi5xxAlarm", "The HTTP API answered " + HTTP_5XX_ALARM_THRESHOLD
                        + " or more 5xx in 5 minutes (function errors, timeouts, throttles, 503s)",
                Metric.Builder.create().namespace("AWS/ApiGateway").metricName("5xx")
                        .dimensionsMap(Map.of("ApiId", httpApi.getApiId(), "Stage", config.httpStageName()))
                        .statistic("Sum").period(Duration.minutes(5)).build(), HTTP_5XX_ALARM_THRESHOLD);
        alarm(alarmTopic, "WebSocketApiErrorsAlarm", "The WebSocket API's integration failed (function errors or throttles)",
                Metric.Builder.create().namespace("AWS/ApiGateway").metricName("IntegrationError")
                        .dimensionsMap(Map.of("ApiId", webSocketApi.getApiId(), "Stage", config.stageName()))
                        .statistic("Sum").period(Duration.minutes(5)).build(), 1);

        // One catch-all $default route: the application does its own routing (and answers 404/405).
        HttpRoute httpRoute = HttpRoute.Builder.create(this, "HttpDefaultRoute")
                .httpApi(httpApi)
                .routeKey(HttpRouteKey.DEFAULT)
                .integration(new HttpLambdaIntegration("HttpIntegration", http))
                .build();
        String authorizedInTheFunction = "The application authenticates every request itself (JWTs against the "
                + "issuer's JWKS, API keys; the WebSocket's $connect token comes in the query string, which a JWT "
                + "authorizer cannot read) and answers health and preflight requests anonymously, which an API "
                + "Gateway authorizer on the catch-all route would refuse";
        NagSuppressions.addResourceSuppressions(httpRoute, List.of(nag("AwsSolutions-APIG4", authorizedInTheFunction)));
        webSocketApi.addRoute("$connect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("ConnectIntegration", webSocket)).build());
        webSocketApi.addRoute("$disconnect", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("DisconnectIntegration", webSocket)).build());
        webSocketApi.addRoute("$default", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("DefaultIntegration", webSocket)).build());

        NagSuppressions.addResourceSuppressions(webSocketApi, List.of(nag("AwsSolutions-APIG4", authorizedInTheFunction)), true);
        NagSuppressions.addResourceSuppressions(webSocketStage, List.of(nag("AwsSolutions-APIG1", "WebSocket API "
                + "access logs need the account-wide API Gateway CloudWatch role, which one stack should not change; "
                + "the WebSocket function logs every route it handles")));

        worker.addEventSource(SqsEventSource.Builder.create(runsQueue)
                .batchSize(config.workerBatchSize())
                .reportBatchItemFailures(true)
                .maxConcurrency(config.workerMaxConcurrency())
                .build());

        // Least privilege, one statement per need.
        PolicyStatement objects = PolicyStatement.Builder.create()
                .sid("FilesObjects")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:GetObjectAttributes", "s3:PutObject",
                        "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects("*")))
                .build();
        PolicyStatement listBucket = PolicyStatement.Builder.create()
                .sid("FilesList")
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(bucket.getBucketArn()))
                .build();
        PolicyStatement manageConnections = PolicyStatement.Builder.create()
                .sid("PostToWebSocketConnections")
                .effect(Effect.ALLOW)
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("execute-api")
                        .resource(webSocketApi.getApiId())
                        .resourceName(config.stageName() + "/*/@connections/*")
                        .build())))
                .build();
        for (Alias fn : List.of(http, worker)) {
            fn.getRole().addToPrincipalPolicy(objects);
            fn.getRole().addToPrincipalPolicy(listBucket);
        }
        for (Alias fn : List.of(http, webSocket, worker)) {
            fn.getRole().addToPrincipalPolicy(manageConnections);
            dbSecret.grantRead(fn);
        }
        runsQueue.grantSendMessages(http);
        runsQueue.grantConsumeMessages(worker);
        grantAssistantModel(worker, vpc, functionSubnets, functionsSg);

        // The web UI behind CloudFront, the HTTP API on its origin. Its uploads PUT the bytes to a presigned URL of the
        // files bucket (the only header they set is the signed Content-Type) and downloads follow a 307 to one: the
        // bucket answers the UI's origin (CORS) for those, and no other origin.
        WebUiHosting webUi = new WebUiHosting(this, "WebUi", config, httpApi, webSocketUrl, accessLogs);
        bucket.addCorsRule(CorsRule.builder()
                .id(WEB_UI_CORS_RULE)
                .allowedMethods(List.of(HttpMethods.GET, HttpMethods.HEAD, HttpMethods.PUT))
                .allowedOrigins(List.of(webUi.url()))
                .allowedHeaders(List.of("Content-Type"))
                .exposedHeaders(List.of("ETag"))
                .maxAge(3000)
                .build());
        CfnOutput.Builder.create(this, "WebUiUrl").description("The web UI (CloudFront), with the API under /api/*")
                .value(webUi.url()).build();
        CfnOutput.Builder.create(this, "WebUiBucketName").description("S3 bucket of the web UI's static files")
                .value(webUi.bucket().getBucketName()).build();
        CfnOutput.Builder.create(this, "HttpApiUrl").description("REST API base URL (SHEETFLOW_PUBLIC_URL)")
                .value(publicUrl).build();
        CfnOutput.Builder.create(this, "HttpApiExecuteApiUrl").description("REST API URL on execute-api")
                .value(executeApiHttpUrl).build();
        CfnOutput.Builder.create(this, "WebSocketUrl").description("WebSocket URL for clients")
                .value(webSocketUrl).build();
        CfnOutput.Builder.create(this, "WebSocketManagementEndpoint").description("API Gateway management endpoint")
                .value(webSocketStage.getCallbackUrl()).build();
        CfnOutput.Builder.create(this, "BucketName").description("S3 bucket for files").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "RunsQueueUrl").description("SQS run queue").value(runsQueue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "RunsDeadLetterQueueUrl").description("SQS dead-letter queue")
                .value(deadLetterQueue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "DatabaseProxyEndpoint").value(proxy.getEndpoint()).build();
        CfnOutput.Builder.create(this, "DatabaseSecretArn").value(dbSecret.getSecretArn()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").description("Subscribe to receive the DLQ alarm")
                .value(alarmTopic.getTopicArn()).build();
    }

    public SheetflowConfig config() {
        return config;
    }

    /**
     * What the worker needs to reach the {@code llm} planner's model: for Bedrock, ConverseStream
     * ({@code bedrock:InvokeModelWithResponseStream}) on the configured model only (for a cross-region inference
     * profile: on the profile, and on its model in the regions it routes to only through that profile) and, with
     * interface endpoints, one for bedrock-runtime; for an OpenAI-compatible server, the API key's secret (read
     * once at start, never in the template) and egress on the server's port. Nothing for the rules planner.
     */
    private void grantAssistantModel(Alias worker, Vpc vpc, SubnetSelection functionSubnets, SecurityGroup functionsSg) {
        AssistantPlanner assistant = config.assistant();
        if (assistant.bedrock()) {
            String profileModel = assistant.profileModel();
            if (profileModel == null) {
                worker.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid("InvokeAssistantModel")
                        .actions(List.of(BEDROCK_CONVERSE_STREAM))
                        .resources(List.of(foundationModelArn(Aws.REGION, assistant.model())))
                        .build());
            } else {
                String profileArn = "arn:" + Aws.PARTITION + ":bedrock:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                        + ":inference-profile/" + assistant.model();
                worker.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid("InvokeAssistantInferenceProfile")
                        .actions(List.of(BEDROCK_CONVERSE_STREAM))
                        .resources(List.of(profileArn))
                        .build());
                worker.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid("InvokeAssistantModelThroughProfile")
                        .actions(List.of(BEDROCK_CONVERSE_STREAM))
                        .resources(List.of(foundationModelArn("*", profileModel)))
                        .conditions(Map.of("StringEquals", Map.of("bedrock:InferenceProfileArn", profileArn)))
                        .build());
                NagSuppressions.addResourceSuppressions(worker.getRole(), List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5").reason("A cross-region inference profile routes to its one model in "
                                + "any of the profile's regions, which AWS does not list in advance: the region is *, "
                                + "the model is fixed and the call is allowed only through this profile (condition "
                                + "bedrock:InferenceProfileArn)")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:bedrock:\\*::foundation-model\\/.+$/").build()))
                        .build()), true);
            }
            if (config.vpcInterfaceEndpoints()) {
                var endpoint = vpc.addInterfaceEndpoint("BedrockRuntimeEndpoint", InterfaceVpcEndpointOptions.builder()
                        .service(InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME).subnets(functionSubnets).build());
                NagSuppressions.addResourceSuppressions(endpoint, List.of(nag("AwsSolutions-EC23", INTERFACE_ENDPOINT_INGRESS)), true);
            }
        } else if (assistant.llm()) {
            if (assistant.apiKeySecretArn() != null) {
                Secret.fromSecretCompleteArn(this, "AssistantLlmApiKey", assistant.apiKeySecretArn()).grantRead(worker);
            }
            int port = assistant.baseUrlPort();
            if (port != 443) {
                functionsSg.addEgressRule(Peer.anyIpv4(), Port.tcp(port), "The assistant's OpenAI-compatible server (assistantLlmBaseUrl)");
            }
        }
    }

    private static String foundationModelArn(String region, String model) {
        return "arn:" + Aws.PARTITION + ":bedrock:" + region + "::foundation-model/" + model;
    }

    /** The SnapStart priming of the HTTP routes is only worth its time in the HTTP function. */
    private static Map<String, String> withoutHttpPriming(Map<String, String> environment) {
        Map<String, String> copy = new LinkedHashMap<>(environment);
        copy.put("SHEETFLOW_LAMBDA_HTTP_PRIMING_ENABLED", "false");
        return copy;
    }

    private static Map<String, String> withFastStart(Map<String, String> environment) {
        Map<String, String> copy = new LinkedHashMap<>(environment);
        copy.put("JAVA_TOOL_OPTIONS", FAST_START_JAVA_OPTIONS);
        return copy;
    }

    /** Builds one function: its role (no managed policies), log group, SnapStart version and alias. */

    private static NagPackSuppression nag(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    private static MetricOptions sum5Minutes() {
        return MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build();
    }

    /** An alarm at {@code threshold} or more in one 5-minute period, to the alarm topic; no data is not breaching. */
    private void alarm(Topic topic, String id, String description, IMetric metric, int threshold) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private final class FunctionParts {
        private final Vpc vpc;
        private final SubnetSelection subnets;
        private final SecurityGroup securityGroup;
        private final Code code;

        FunctionParts(Vpc vpc, SubnetSelection subnets, SecurityGroup securityGroup, Code code) {
            this.vpc = vpc;
            this.subnets = subnets;
            this.securityGroup = securityGroup;
            this.code = code;
        }

        Alias create(String id, String handler, String description, int memoryMb, Duration timeout,
                     int reservedConcurrency, Map<String, String> environment) {
            LogGroup logGroup = LogGroup.Builder.create(SheetflowStack.this, id + "Logs")
                    .retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            Role role = Role.Builder.create(SheetflowStack.this, id + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description(description + ": execution role")
                    .build();
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("WriteOwnLogs")
                    .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                    .resources(List.of(logGroup.getLogGroupArn()))
                    .build());
            // AWS requires "*" here: the EC2 Describe* actions support no resource-level permissions, and Lambda
            // creates and deletes the function's network interfaces on its behalf (as in the AWS managed policy
            // AWSLambdaVPCAccessExecutionRole, which this replaces without its logs:* on "*").
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("VpcNetworkInterfaces")
                    .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                    .resources(List.of("*"))
                    .build());
            software.amazon.awscdk.services.lambda.Function function =
                    software.amazon.awscdk.services.lambda.Function.Builder.create(SheetflowStack.this, id)
                            .description(description)
                            .runtime(Runtime.JAVA_21)
                            .handler(handler)
                            .code(code)
                            .memorySize(memoryMb)
                            .timeout(timeout)
                            .role(role)
                            .logGroup(logGroup)
                            .vpc(vpc)
                            .vpcSubnets(subnets)
                            .securityGroups(List.of(securityGroup))
                            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                            .reservedConcurrentExecutions(reservedConcurrency > 0 ? reservedConcurrency : null)
                            .environment(environment)
                            .build();
            NagSuppressions.addResourceSuppressions(function, List.of(nag("AwsSolutions-L1", "java21 is the "
                    + "runtime the artifact is built, tested (RuntimeClientTest) and SnapStart-primed for; moving to a "
                    + "newer Java runtime is a build change, not a stack setting")));
            NagSuppressions.addResourceSuppressions(role, List.of(
                    NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("EC2 network interface actions "
                            + "support no resource-level permissions (AWS requires Resource *), as in "
                            + "AWSLambdaVPCAccessExecutionRole").appliesTo(List.of("Resource::*")).build(),
                    NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("Objects of this one bucket: keys "
                            + "are per conversation and file, chosen by the server at run time")
                            .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::<FilesBucket[A-Za-z0-9]*\\.Arn>\\/\\*$/").build())).build(),
                    NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("PostToConnection on this API's "
                            + "stage: connection ids are API Gateway's, known only at run time")
                            .appliesTo(List.of(RegexAppliesTo.builder().regex("/^Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<WebSocketApi[A-Za-z0-9]*>\\/[A-Za-z0-9_-]+\\/\\*\\/@connections\\/\\*$/").build())).build()),
                    true);
            // CDK emits DependsOn the role next to the GetAtt of its ARN; cfn-lint warns that this is redundant (W3005).
            ((CfnResource) function.getNode().getDefaultChild()).addMetadata("cfn-lint",
                    Map.of("config", Map.of("ignore_checks", List.of("W3005"))));
            return Alias.Builder.create(SheetflowStack.this, id + "Alias")
                    .aliasName(ALIAS_NAME)
                    .version(function.getCurrentVersion())
                    .build();
        }
    }
}
