package dev.securedcontent.jwt.gateway;

import dev.securedcontent.jwt.core.ContentTokens;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar content-token.jar}: the commands that enforce, make and check Jamf Pro content
 * tokens. Exit status 0 on success, 1 when a check fails (audit, inspect), 2 for bad input,
 * always with a message that names the value and the fix.
 */
@Command(name = "content-token", mixinStandardHelpOptions = true, versionProvider = ContentTokenCommand.Version.class,
        description = {"Enforce Jamf Pro content tokens (serve, proxy, check) and make or check them (keygen, sign-url, "
                + "inspect, audit)."},
        subcommandsRepeatable = false)
public final class ContentTokenCommand implements Runnable {
    /** Exit status for input the user must fix. */
    static final int BAD_INPUT = 2;

    private final PrintWriter out;

    private ContentTokenCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void run() {
        out.println(new CommandLine(this).getUsageMessage());
    }

    /** Runs the command line and exits with its status (unless a server keeps running). */
    public static void main(String[] args) {
        GatewayLogging.install(System.err);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(new PrintStream(System.err, true, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err, Clock.systemUTC(), new Startup(out)));
    }

    /** The command line's exit status; servers started through {@code startup}. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock, Startup startup) {
        CommandLine cli = commandLine(out, clock, startup);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInput) {
                err.println("content-token " + commandLine.getCommandName() + ": " + e.getMessage());
                return BAD_INPUT;
            }
            err.println("content-token " + commandLine.getCommandName() + ": failed: " + e.getClass().getSimpleName() + ": "
                    + ContentTokens.redactAll(e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, Clock clock, Startup startup) {
        CommandLine cli = new CommandLine(new ContentTokenCommand(out));
        cli.addSubcommand(new CommandLine(new ServeCommand(clock, startup)));
        cli.addSubcommand(new CommandLine(new ProxyCommand(clock, startup)));
        cli.addSubcommand(new CommandLine(new CheckCommand(clock, startup)));
        cli.addSubcommand(new CommandLine(new AuditCommand(out)));
        cli.addSubcommand(new CommandLine(new KeygenCommand(out)));
        cli.addSubcommand(new CommandLine(new SignUrlCommand(out)));
        cli.addSubcommand(new CommandLine(new InspectCommand(out)));
        return cli;
    }

    /** The jar's version, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ContentTokenCommand.class.getPackage().getImplementationVersion();
            return new String[] {"content-token " + (version == null ? "(development build)" : version)};
        }
    }
}
