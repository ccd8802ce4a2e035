package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokens;
import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Where the jar's log lines go: java.util.logging, which receives Jetty's (slf4j-jdk14) and the
 * filter's (System.Logger), one line each on standard error, every token in them redacted. Jetty
 * logs at WARNING; the filter's refusals (INFO) stay out, since the access log has their reasons.
 */
final class GatewayLogging {
    private static final Logger ROOT = Logger.getLogger("");
    // Strong references: java.util.logging holds its loggers weakly, and would forget their levels.
    private static final Logger GATEWAY = Logger.getLogger("dev.securedcontent.jwt.gateway");

    private GatewayLogging() {}

    static void install(PrintStream err) {
        LogManager.getLogManager().reset();
        Handler handler = new StreamHandler(err, new OneLine()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        ROOT.addHandler(handler);
        ROOT.setLevel(Level.WARNING);
        GATEWAY.setLevel(Level.INFO);
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder().append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                    .append(record.getLevel().getName()).append(' ').append(shortName(record.getLoggerName())).append(": ")
                    .append(formatMessage(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" (").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(')');
            }
            return ContentTokens.redactAll(line.toString().replace('\n', ' ').replace('\r', ' ')) + System.lineSeparator();
        }

        private static String shortName(String logger) {
            return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
        }
    }
}
