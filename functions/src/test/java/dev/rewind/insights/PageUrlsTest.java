package dev.rewind.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A page is its URL without query or fragment, with the segments that name one thing as {@code :id} (docs/INSIGHTS.md). */
class PageUrlsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://shop.example/orders/8123/items?ref=mail | https://shop.example/orders/:id/items",
                "https://shop.example/u/3f2b9c1e-8a4d-4b6e-9f1a-2c3d4e5f6a7b/profile | https://shop.example/u/:id/profile",
                "https://shop.example/assets/9f86d081884c7d65 | https://shop.example/assets/:id",
                "https://shop.example/invite/Xk29aPq81LmZ0rT4wY | https://shop.example/invite/:id",
                "https://shop.example/checkout#step-2 | https://shop.example/checkout",
                "https://shop.example | https://shop.example/",
                "https://shop.example/?q=shoes | https://shop.example/",
                "https://shop.example/blog/2026/summer-sale | https://shop.example/blog/:id/summer-sale",
                "https://shop.example/cafe/deadbeef | https://shop.example/cafe/deadbeef",
                "https://shop.example/settings/notifications-and-email | https://shop.example/settings/notifications-and-email",
                "https://shop.example/v2/api | https://shop.example/v2/api",
            })
    void segmentsThatNameOneThingBecomeIdAndTheQueryGoes(String url, String page) {
        assertThat(PageUrls.normalise(url)).isEqualTo(page);
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void aBlankUrlIsNoPage(String url) {
        assertThat(PageUrls.normalise(url)).isNull();
    }
}
