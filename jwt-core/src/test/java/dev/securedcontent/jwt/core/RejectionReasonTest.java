package dev.securedcontent.jwt.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RejectionReasonTest {

    @Test
    void aMissingTokenIs401AndEveryOtherReason403() {
        assertThat(RejectionReason.MISSING.httpStatus()).isEqualTo(401);
        assertThat(Arrays.stream(RejectionReason.values()).filter(r -> r != RejectionReason.MISSING))
                .isNotEmpty()
                .allSatisfy(reason -> assertThat(reason.httpStatus()).as(reason.name()).isEqualTo(403));
    }

    @Test
    void theHeaderIsTheOneEveryRecipeSends() {
        assertThat(RejectionReason.HEADER).isEqualTo("X-Content-Token-Reason");
    }
}
