package io.sheetflow.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: {@code cdk synth}, {@code cdk deploy} (see cdk.json and the README's "Deploy to AWS"). */
public final class SheetflowApp {

    private SheetflowApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        create(app);
        app.synth();
    }

    /** Builds the stack from the app's context; the tests use this too, so they test what is deployed. */
    public static SheetflowStack create(App app) {
        SheetflowConfig config = SheetflowConfig.from(app.getNode());
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        StackProps.Builder props = StackProps.builder()
                .description("Sheetflow: spreadsheet workflows on AWS Lambda (HTTP API, WebSocket API, SQS worker)");
        if (account != null && region != null) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        return new SheetflowStack(app, config.stackName(), props.build(), config);
    }
}
