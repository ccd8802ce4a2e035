package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesAJamfPayloadIntoAnOrderedMapWithLongNumbers() {
        Map<String, Object> claims = Json.parseObject("{\"sub\":\"AppManifest\",\"iss\":\"JSS\",\"exp\":1503324314}");

        assertThat(claims).containsExactly(
                Map.entry("sub", "AppManifest"), Map.entry("iss", "JSS"), Map.entry("exp", 1503324314L));
    }

    @Test
    void parsesEveryValueType() {
        Object value = Json.parse(" { \"a\" : [1, -2, 1.5, 1e3, true, false, null, {}, []], \"b\": \"x\" } ");

        assertThat(value).isEqualTo(Map.of(
                "a", java.util.Arrays.asList(1L, -2L, new BigDecimal("1.5"), new BigDecimal("1e3"),
                        true, false, null, Map.of(), List.of()),
                "b", "x"));
    }

    @Test
    void integersBeyondLongBecomeBigInteger() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
    }

    @Test
    void decodesEveryEscapeIncludingSurrogatePairs() {
        assertThat(Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude00\""))
                .isEqualTo("\"\\/\b\f\n\r\tA\uD83D\uDE00");
    }

    @Test
    void refusesDuplicateKeysNamingThePositionButNotTheKey() {
        assertThatThrownBy(() -> Json.parse("{\"secretKey\":1,\"secretKey\":2}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("invalid JSON at character 15: duplicate key")
                .hasMessageNotContaining("secretKey");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "{\"a\":1,}", "[1,]", "{'a':1}", "{\"a\" 1}", "{a:1}", "01", "-", "1.", "1e", ".5",
        "+1", "tru", "nul", "True", "NaN", "Infinity", "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"",
        "\"\\u12G4\"", "\"raw \n newline\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\ud800\"",
        "\"\udc00x\"", "{} {}", "{}x", "{}\u0000", "[1] //", "/* c */ {}", "1e9999999", "\"\\u\u0661\u0661\u0661\u0661\""
    })
    void refusesInvalidJson(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void boundsNestingDepth() {
        String deep = "[".repeat(Json.DEFAULT_MAX_DEPTH + 1) + "]".repeat(Json.DEFAULT_MAX_DEPTH + 1);
        String ok = "[".repeat(Json.DEFAULT_MAX_DEPTH) + "]".repeat(Json.DEFAULT_MAX_DEPTH);

        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        assertThatThrownBy(() -> Json.parse(deep))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("nested deeper than 16");
    }

    @Test
    void deeplyNestedInputDoesNotOverflowTheStack() {
        String hostile = "[".repeat(100_000);

        assertThatThrownBy(() -> Json.parse(hostile)).isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void refusesATopLevelNonObjectWhereAnObjectIsNeeded() {
        assertThatThrownBy(() -> Json.parseObject("[1]"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("expected a JSON object at the top level, found an array");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] overlongSlash = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

        assertThatThrownBy(() -> Json.parseObject(overlongSlash))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void decodesValidUtf8() {
        assertThat(Json.parseObject("{\"a\":\"é😀\"}".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("a", "é😀");
    }

    @Test
    void writesCompactJsonInMapOrderAndReadsItBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("sub", "App\"Manifest\\\n\u0001\u2028");
        value.put("exp", 12L);
        value.put("list", java.util.Arrays.asList(1, true, null, new BigDecimal("1.5")));

        String json = Json.write(value);

        assertThat(json).isEqualTo("{\"sub\":\"App\\\"Manifest\\\\\\n\\u0001\\u2028\",\"exp\":12,\"list\":[1,true,null,1.5]}");
        assertThat(Json.parse(json)).isEqualTo(Map.of(
                "sub", "App\"Manifest\\\n\u0001\u2028", "exp", 12L,
                "list", java.util.Arrays.asList(1L, true, null, new BigDecimal("1.5"))));
    }

    @Test
    void writerRefusesWhatItCannotRepresent() {
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write("\ud800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }
}
