package io.sheetflow.workflow;

import java.util.List;

/** A conversation's runs, oldest first. */
public record RunList(List<RunView> runs, int count) {
}
