package io.sheetflow.client;

import io.sheetflow.client.api.ConversationsApi;
import io.sheetflow.client.api.FilesApi;
import io.sheetflow.client.api.RunsApi;
import io.sheetflow.client.model.ExecuteRequest;
import io.sheetflow.client.model.ExecuteRequestStepRequest;
import io.sheetflow.client.model.FileView;
import io.sheetflow.client.model.RunView;

import java.nio.file.Path;
import java.util.Map;

/**
 * Compiled by OpenApiClientTest against the client openapi-generator made from /openapi.yml (not part of the
 * test sources: it needs the generated classes). Uses only the generated API.
 */
public final class ClientScenario {
    private ClientScenario() {
    }

    public static Map<String, Object> run(String baseUrl, String token, Path csv) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));

        String chatId = new ConversationsApi(client).createConversation().getData().getChatId().toString();

        FileView uploaded = new FilesApi(client).uploadFile(chatId, csv.toFile(), csv.getFileName().toString())
                .getData();

        ExecuteRequest request = new ExecuteRequest()
                .inputFile(uploaded.getFileId().toString())
                .addStepsItem(new ExecuteRequestStepRequest()
                        .operation(ExecuteRequestStepRequest.OperationEnum.CSV_INFO)
                        .arguments(Map.of()));
        RunsApi runs = new RunsApi(client);
        RunView run = runs.executeWorkflow(chatId, "60", request).getData();
        if (!isTerminal(run)) {
            run = runs.getRun(chatId, run.getRunId().toString()).getData();
        }
        return Map.of("chat_id", chatId, "uploaded", uploaded.getFilename(),
                "run_status", run.getStatus().getValue(), "steps", run.getSteps().size());
    }

    private static boolean isTerminal(RunView run) {
        String status = run.getStatus().getValue();
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }
}
