package io.github.hapismart.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Polls a bulk export's status URL until its manifest is ready (90 s deadline). */
final class BulkExports {

    private BulkExports() {
    }

    static JsonNode poll(Http http, String statusUrl, String token) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            Http.Response response = http.get(statusUrl, "Authorization", "Bearer " + token,
                    "Accept", "application/json");
            if (response.status() == 200) {
                return response.json();
            }
            assertEquals(202, response.status(), response.body());
            Thread.sleep(500);
        }
        throw new AssertionError("export did not finish within 90 s");
    }
}
