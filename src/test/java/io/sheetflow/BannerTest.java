package io.sheetflow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BannerTest {

    @Test
    void openUrl_putsTheTokenInTheFragment_neverInTheQuery() {
        assertEquals("http://127.0.0.1:5050/#token=sft_abc-DEF_123",
                Banner.openUrl("http://127.0.0.1:5050", "sft_abc-DEF_123"));
        assertEquals("http://h:1/#token=a%2Bb%26c", Banner.openUrl("http://h:1", "a+b&c"));
    }
}
