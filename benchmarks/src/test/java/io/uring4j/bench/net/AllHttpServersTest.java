package io.uring4j.bench.net;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every benchmark server sends the same bytes and honours keep-alive, pipelining and half-close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AllHttpServersTest {
    static final java.util.List<String> IMPLEMENTATIONS = HttpServer.IMPLEMENTATIONS;

    @ParameterizedTest
    @FieldSource("IMPLEMENTATIONS")
    void answersByteForByte(String implementation) throws IOException {
        try (HttpServer server = HttpServer.start(implementation, 0)) {
            assertNull(HttpCheck.check(server.port()));
        }
    }
}
