package io.sheetflow.client;

import io.sheetflow.client.api.ConversationsApi;
import io.sheetflow.client.api.FilesApi;
import io.sheetflow.client.api.RunsApi;
import io.sheetflow.client.model.ConversationDetail;
import io.sheetflow.client.model.ExecuteRequest;
import io.sheetflow.client.model.ExecuteRequestStepRequest;
import io.sheetflow.client.model.FileList;
import io.sheetflow.client.model.FileView;
import io.sheetflow.client.model.FinishedRunView;
import io.sheetflow.client.model.RunList;
import io.sheetflow.client.model.RunView;

import java.nio.file.Path;
import java.util.Map;

/**
 * Compiled by OpenApiClientTest against the client openapi-generator made from /openapi.yml (not part of the
 * test sources: it needs the generated classes). Uses only the generated API and its typed models (the envelope's
 * {@code data} of each answer is a model class, not a map).
 */
public final class ClientScenario {
    private ClientScenario() {
    }

    public static Map<String, Object> run(String baseUrl, String token, Path csv) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));

        ConversationDetail chat = new ConversationsApi(client).createConversation().getData();
        String chatId = chat.getChatId().toString();

        FilesApi files = new FilesApi(client);
        FileView uploaded = files.uploadFile(chatId, csv.toFile(), csv.getFileName().toString()).getData();
        FileList listed = files.listFiles(chatId).getData();

        ExecuteRequest request = new ExecuteRequest()
                .inputFile(uploaded.getFileId().toString())
                .addStepsItem(new ExecuteRequestStepRequest()
                        .operation(ExecuteRequestStepRequest.OperationEnum.CSV_INFO)
                        .arguments(Map.of()));
        RunsApi runs = new RunsApi(client);
        // 200 when the run ends within wait (a FinishedRunView: the run and Pycelize's results), else 202.
        FinishedRunView finished = runs.executeWorkflow(chatId, "60", request).getData();
        String status = finished.getStatus().getValue();
        int steps = finished.getSteps().size();
        if (!isTerminal(status)) {
            RunView run = runs.getRun(chatId, finished.getRunId().toString()).getData();
            status = run.getStatus().getValue();
            steps = run.getSteps().size();
        }
        RunList all = runs.listRuns(chatId).getData();
        return Map.of("chat_id", chatId, "chat_status", chat.getStatus().getValue(), "uploaded", uploaded.getFilename(),
                "listed_files", listed.getCount(), "run_status", status, "steps", steps,
                "results", finished.getResults() == null ? -1 : finished.getResults().size(), "runs", all.getCount());
    }

    private static boolean isTerminal(String status) {
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }
}
