package dev.securedcontent.jwt.maven;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;

/** Reads a duration parameter given as whole minutes ({@code 5}) or ISO-8601 ({@code PT5M}, {@code PT90S}). */
final class DurationSetting {

    private DurationSetting() {}

    /** The duration, zero or positive; {@code property} names the parameter in the error. */
    static Duration parse(String property, String value) throws MojoFailureException {
        String text = value == null ? "" : value.strip();
        Duration duration;
        try {
            duration = text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() <= 9
                    ? Duration.ofMinutes(Long.parseLong(text))
                    : Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new MojoFailureException(property + " is '" + text
                    + "', which is not a duration. Fix: give whole minutes (e.g. 5) or ISO-8601 (e.g. PT5M, PT90S).");
        }
        if (duration.isNegative()) {
            throw new MojoFailureException(property + " is '" + text + "', which is negative. Fix: give 0 or more.");
        }
        return duration;
    }

    /** Minutes when whole, otherwise ISO-8601: for messages. */
    static String format(Duration duration) {
        return duration.toSecondsPart() == 0 && duration.toNanosPart() == 0
                ? duration.toMinutes() + " min"
                : duration.toString();
    }
}
