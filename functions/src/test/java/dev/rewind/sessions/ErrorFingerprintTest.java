package dev.rewind.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors group by their normalised message and top frames (docs/INSIGHTS.md, "Error groups"). */
class ErrorFingerprintTest {

    private static final String CHROME_STACK = """
            TypeError: Cannot read properties of undefined (reading 'total')
                at applyCoupon (https://shop.example/assets/app.js?v=81:120:17)
                at HTMLButtonElement.onClick (https://shop.example/assets/app.js?v=81:98:5)
                at async submit (https://shop.example/assets/vendor.js:3:1044)
                at https://shop.example/assets/vendor.js:9:12""";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Order 8123 not found | Order <n> not found",
                "Request 3f2b9c1e-8a4d-4b6e-9f1a-2c3d4e5f6a7b failed | Request <uuid> failed",
                "bad pointer 0x7ffde3 in 9f86d081884c7d65 | bad pointer <hex> in <hex>",
                "Cannot read properties of undefined (reading 'total') | Cannot read properties of undefined (reading <str>)",
                "Unexpected token \"<\" at 1.5 | Unexpected token <str> at <n>",
                "  two   spaces  | two spaces",
                "fetch https://api.example/cart?token=s3cret failed | fetch https://api.example/cart failed",
                "cafe is closed | cafe is closed",
            })
    void numbersIdsAndQuotedStringsBecomePlaceholders(String message, String normalised) {
        assertThat(ErrorFingerprint.normaliseMessage(message)).isEqualTo(normalised);
    }

    @Test
    void theTopFramesKeepFunctionAndFileWithoutQueryLineOrColumn() {
        assertThat(ErrorFingerprint.topFrames(CHROME_STACK))
                .containsExactly(
                        "applyCoupon@https://shop.example/assets/app.js",
                        "HTMLButtonElement.onClick@https://shop.example/assets/app.js",
                        "submit@https://shop.example/assets/vendor.js");
        assertThat(ErrorFingerprint.topFrames(
                        "a@https://shop.example/app.min.js?x=1:1:2041\n@https://shop.example/app.min.js:1:99\n"))
                .containsExactly("a@https://shop.example/app.min.js", "@https://shop.example/app.min.js");
        assertThat(ErrorFingerprint.topFrames(null)).isEmpty();
    }

    @Test
    void theSameErrorAtOtherLinesIdsAndBuildsIsOneGroup() {
        ErrorFingerprint first =
                ErrorFingerprint.of("Order 8123 not found", CHROME_STACK, "https://shop.example/assets/app.js?v=81");
        ErrorFingerprint later = ErrorFingerprint.of(
                "Order 99 not found",
                CHROME_STACK.replace("?v=81:120:17", "?v=82:131:9").replace("98:5", "101:7"),
                "https://shop.example/assets/app.js?v=82");
        assertThat(later.groupId()).isEqualTo(first.groupId()).matches("[0-9a-f]{16}");
        // without a stack the source file stands for the frames, its query dropped
        assertThat(ErrorFingerprint.of("Order 1 not found", null, "https://shop.example/a.js?v=1")
                        .groupId())
                .isEqualTo(ErrorFingerprint.of("Order 2 not found", null, "https://shop.example/a.js?v=2")
                        .groupId());
    }

    @Test
    void otherMessagesOrOtherCodeAreOtherGroups() {
        String id =
                ErrorFingerprint.of("Order 8123 not found", CHROME_STACK, null).groupId();
        assertThat(ErrorFingerprint.of("Cart 8123 not found", CHROME_STACK, null)
                        .groupId())
                .isNotEqualTo(id);
        assertThat(ErrorFingerprint.of(
                                "Order 8123 not found", CHROME_STACK.replace("applyCoupon", "removeCoupon"), null)
                        .groupId())
                .isNotEqualTo(id);
        assertThat(ErrorFingerprint.of("Order 8123 not found", null, null).groupId())
                .isNotEqualTo(id);
        assertThat(ErrorFingerprint.of("Order 8123 not found", null, "https://shop.example/a.js")
                        .groupId())
                .isNotEqualTo(ErrorFingerprint.of("Order 8123 not found", null, "https://shop.example/b.js")
                        .groupId());
    }

    @Test
    void theSampleIsBoundedAndHasNoQueryStrings() {
        ErrorFingerprint f = ErrorFingerprint.of(
                "fetch https://api.example/cart?token=s3cret failed " + "x".repeat(500),
                CHROME_STACK + "\n    at more (https://shop.example/m.js:1:1)".repeat(40),
                null);
        assertThat(f.message()).hasSize(ErrorFingerprint.MAX_MESSAGE_CHARS).doesNotContain("s3cret");
        assertThat(f.stack())
                .startsWith("TypeError: Cannot read properties")
                .contains("at applyCoupon (https://shop.example/assets/app.js:120:17)")
                .doesNotContain("?v=81");
        assertThat(f.stack().split("\n")).hasSize(ErrorFingerprint.MAX_STACK_LINES);
        assertThat(f.stack().length()).isLessThanOrEqualTo(ErrorFingerprint.MAX_STACK_CHARS);
        assertThat(ErrorFingerprint.of("x", "  ", null).stack()).isNull();
    }
}
