package io.starling.loadtest.probe;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code starling-probe}: the command line of {@link Probe}, with Nagios plugin conventions. Prints exactly one
 * line to stdout and exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments or an internal error).
 */
@Command(name = "starling-probe", mixinStandardHelpOptions = true, version = "starling-probe 0.1",
        sortOptions = false,
        description = "Logs two members in, exchanges a message each way and a directed presence, logs out; "
                + "prints one Nagios status line with perfdata.")
public final class ProbeCommand {
    /** Smack and jbosh log through java.util.logging; a plugin prints nothing but its status line. */
    private static final List<Logger> SILENCED = new ArrayList<>();

    @Option(names = {"-H", "--host"}, description = "Server host (tcp), default: the domain")
    String host;
    @Option(names = {"-p", "--port"}, defaultValue = "5222", description = "c2s port (tcp), default ${DEFAULT-VALUE}")
    int port;
    @Option(names = {"-d", "--domain"}, description = "XMPP domain, default: the host")
    String domain;
    @Option(names = "--mode", defaultValue = "tcp", description = "tcp or bosh, default ${DEFAULT-VALUE}")
    String mode;
    @Option(names = "--url", description = "BOSH URL, e.g. http://xmpp.example.com:5280/http-bind")
    URI url;
    @Option(names = "--tls", description = "tcp: require STARTTLS (otherwise used when offered)")
    boolean tls;
    @Option(names = "--insecure", description = "Accept any certificate (self-signed)")
    boolean insecure;
    @Option(names = {"-u", "--user"}, required = true, description = "First member (local part)")
    String user;
    @Option(names = "--password", description = "First member's password")
    String password;
    @Option(names = "--password-file", description = "File whose first line is the first member's password")
    Path passwordFile;
    @Option(names = "--user2", required = true, description = "Second member (local part)")
    String user2;
    @Option(names = "--password2", description = "Second member's password, default: --password")
    String password2;
    @Option(names = "--password2-file", description = "File whose first line is the second member's password")
    Path password2File;
    @Option(names = {"-w", "--warning"}, split = ",", description = "ms: total, or step=ms (login, login_a, "
            + "login_b, message, reply, presence, logout, total)")
    List<String> warning = new ArrayList<>();
    @Option(names = {"-c", "--critical"}, split = ",", description = "ms, like -w")
    List<String> critical = new ArrayList<>();
    @Option(names = {"-t", "--timeout"}, defaultValue = "10", description = "Overall timeout in seconds "
            + "(CRITICAL when exceeded), default ${DEFAULT-VALUE}")
    int timeoutSeconds;

    /** Entry point of bin/starling-probe. */
    public static void main(String[] args) {
        silenceJavaUtilLogging();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        int code = execute(args, out);
        out.flush();
        System.exit(code);
    }

    /** Parses {@code args}, runs the probe, prints the status line (or help) to {@code out}; returns the exit code. */
    public static int execute(String[] args, PrintWriter out) {
        ProbeCommand command = new ProbeCommand();
        CommandLine cli = new CommandLine(command);
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(out);
                return ProbeStatus.UNKNOWN.exitCode();
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(out);
                return ProbeStatus.UNKNOWN.exitCode();
            }
            return print(out, Probe.run(command.options()));
        } catch (CommandLine.ParameterException | IllegalArgumentException | IOException e) {
            return print(out, ProbeResult.unknown(e.getMessage()));
        } catch (RuntimeException e) {
            return print(out, ProbeResult.unknown("internal error: " + e));
        }
    }

    private static int print(PrintWriter out, ProbeResult result) {
        out.println(result.statusLine());
        out.flush();
        return result.exitCode();
    }

    /** The validated options; {@link IllegalArgumentException} names the bad argument. */
    ProbeOptions options() throws IOException {
        ProbeMode probeMode = switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "tcp" -> ProbeMode.TCP;
            case "bosh" -> ProbeMode.BOSH;
            default -> throw new IllegalArgumentException("--mode must be tcp or bosh, not '" + mode + "'");
        };
        if (host == null && domain == null && !(probeMode == ProbeMode.BOSH && url != null)) {
            throw new IllegalArgumentException("-H/--host or -d/--domain is required");
        }
        String xmppDomain = domain != null ? domain : host != null ? host : url.getHost();
        String tcpHost = host != null ? host : xmppDomain;
        if (probeMode == ProbeMode.BOSH && url == null) {
            throw new IllegalArgumentException("--mode bosh needs --url");
        }
        if (url != null && !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
                || url != null && url.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http(s) URL with a host: " + url);
        }
        if (url != null && url.getHost().startsWith("[")) {
            throw new IllegalArgumentException("--url: an IPv6 literal is not supported by Smack's BOSH transport, "
                    + "use a host name");
        }
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("-t/--timeout must be a positive number of seconds");
        }
        String pw1 = secret("--password", password, passwordFile);
        String pw2 = password2 == null && password2File == null ? pw1 : secret("--password2", password2, password2File);
        return new ProbeOptions(probeMode, tcpHost, port, xmppDomain, url, tls, insecure, user, pw1, user2, pw2,
                Thresholds.parse(warning), Thresholds.parse(critical), Duration.ofSeconds(timeoutSeconds));
    }

    private static String secret(String name, String value, Path file) throws IOException {
        if (value != null && file != null) {
            throw new IllegalArgumentException(name + " and " + name + "-file are exclusive");
        }
        if (file != null) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new IllegalArgumentException(name + "-file " + file + " is empty");
            }
            return lines.get(0);
        }
        if (value == null) {
            throw new IllegalArgumentException(name + " or " + name + "-file is required");
        }
        return value;
    }

    private static void silenceJavaUtilLogging() {
        for (String name : new String[] {"", "org.jivesoftware", "org.jxmpp", "org.minidns", "com.kenai.jbosh"}) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.OFF);
            SILENCED.add(logger);
        }
    }
}
