package io.sheetflow.operation.search;

import java.util.List;

/** What {@code excel/search} and {@code csv/search} are given; they differ only in the default output format. */
public interface SearchArguments {

    List<SearchCondition> conditions();

    /** {@code AND} or {@code OR}, any case. */
    String logic();

    /** {@code xlsx}, {@code csv} or {@code json}, any case. */
    String outputFormat();

    String sheetName();
}
