package dev.securedcontent.jwt.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

    @ParameterizedTest(name = "{0} of 1000 -> {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "null            | WHOLE         | bytes 0-999/1000",
        "bytes=0-0       | PARTIAL       | bytes 0-0/1000",
        "bytes=10-19     | PARTIAL       | bytes 10-19/1000",
        "BYTES=10-19     | PARTIAL       | bytes 10-19/1000",
        "bytes=990-      | PARTIAL       | bytes 990-999/1000",
        "bytes=-5        | PARTIAL       | bytes 995-999/1000",
        "bytes=-5000     | PARTIAL       | bytes 0-999/1000",
        "bytes=900-5000  | PARTIAL       | bytes 900-999/1000",
        "bytes=0-99999999999999999999 | PARTIAL | bytes 0-999/1000",
        "bytes=1000-     | UNSATISFIABLE | bytes */1000",
        "bytes=1000-1001 | UNSATISFIABLE | bytes */1000",
        "bytes=-0        | UNSATISFIABLE | bytes */1000",
        "bytes=0-1,5-6   | WHOLE         | bytes 0-999/1000",
        "bytes=20-10     | WHOLE         | bytes 0-999/1000",
        "bytes=a-b       | WHOLE         | bytes 0-999/1000",
        "bytes=5         | WHOLE         | bytes 0-999/1000",
        "items=0-5       | WHOLE         | bytes 0-999/1000",
        "bytes=+1-5      | WHOLE         | bytes 0-999/1000",
    })
    void resolvesARangeHeaderAgainstTheFileLength(String header, ByteRange.Kind kind, String contentRange) {
        ByteRange range = ByteRange.of(header, 1000);

        assertThat(range.kind()).isEqualTo(kind);
        assertThat(range.contentRange()).isEqualTo(contentRange);
    }

    @ParameterizedTest
    @CsvSource({"bytes=0-0", "bytes=-1", "bytes=0-"})
    void findsNoSatisfiableRangeInAnEmptyFile(String header) {
        assertThat(ByteRange.of(header, 0).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
    }
}
