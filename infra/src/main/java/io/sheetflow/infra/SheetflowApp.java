package io.sheetflow.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code cdk synth}, {@code cdk deploy} (see cdk.json and docs/aws.md). */
public final class SheetflowApp {

    private SheetflowApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        create(app);
        app.synth();
    }

    /**
     * Builds the stack from the app's context; the tests use this too, so they test what is deployed. The stack is
     * environment-agnostic (AZs through Fn::GetAZs, no synth-time lookups): the CLI's profile or AWS_REGION picks
     * the account and region at deploy time.
     */
    public static SheetflowStack create(App app) {
        // The files bucket's access logs are delivered through a bucket policy, not the legacy log-delivery ACL.
        app.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        SheetflowConfig config = SheetflowConfig.from(app.getNode());
        StackProps props = StackProps.builder()
                .description("Sheetflow: spreadsheet workflows on AWS Lambda (HTTP API, WebSocket API, SQS worker)")
                .build();
        SheetflowStack stack = new SheetflowStack(app, config.stackName(), props, config);
        // AWS Solutions rules on every synth: an unsuppressed finding is an error annotation and `cdk synth` fails.
        // Suppressions live in SheetflowStack, each with its reason.
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }
}
