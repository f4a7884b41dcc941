package io.starling.loadtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.starling.loadtest.client.TransportKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The load generator's command line (main class of {@code starling-loadtest.jar}): prints one {@code RESULT} line
 * on stdout, progress on stderr, optionally a JSON report; exits 0 when the errors stay within
 * {@code --max-errors}, 1 otherwise, 2 on bad options.
 */
@Command(name = "starling-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "XMPP load generator: idle-hold, chat, presence-churn, login-storm over TCP, STARTTLS, TLS,"
                + " BOSH or WebSocket against any XMPP server.")
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address (TCP kinds). Default: ${DEFAULT-VALUE}")
    String host;
    @Option(names = "--port", description = "Server port. Default: 5222, or 5223 with --transport tls")
    Integer port;
    @Option(names = "--domain", defaultValue = "localhost", description = "XMPP domain. Default: ${DEFAULT-VALUE}")
    String domain;
    @Option(names = "--transport", defaultValue = "tcp", description = "tcp, starttls, tls, bosh or websocket. Default: ${DEFAULT-VALUE}")
    String transport;
    @Option(names = "--url", description = "BOSH or WebSocket endpoint, e.g. http://127.0.0.1:5280/http-bind")
    URI url;
    @Option(names = "--scenario", defaultValue = "idle-hold", description = "idle-hold, chat, presence-churn or login-storm. Default: ${DEFAULT-VALUE}")
    String scenario;
    @Option(names = "--user-prefix", defaultValue = "load", description = "Members are <prefix><n>@domain. Default: ${DEFAULT-VALUE}")
    String userPrefix;
    @Option(names = "--first", defaultValue = "1", description = "First member number. Default: ${DEFAULT-VALUE}")
    int first;
    @Option(names = {"--members", "-n"}, defaultValue = "100", description = "Members. Default: ${DEFAULT-VALUE}")
    int members;
    @Option(names = "--password", defaultValue = "loadpw", description = "Members' password. Default: ${DEFAULT-VALUE}")
    String password;
    @Option(names = "--source", split = ",", description = "Local source addresses, comma separated (round-robin)")
    List<String> source;
    @Option(names = "--sources", description = "Use 127.0.0.1 .. 127.0.0.N as source addresses (default: any local address)")
    Integer sources;
    @Option(names = "--ramp", defaultValue = "500", description = "Logins started per second (0 = unlimited). Default: ${DEFAULT-VALUE}")
    double ramp;
    @Option(names = "--concurrency", defaultValue = "500", description = "Logins in flight at most. Default: ${DEFAULT-VALUE}")
    int concurrency;
    @Option(names = "--duration", defaultValue = "10", description = "Seconds of the measured phase. Default: ${DEFAULT-VALUE}")
    double duration;
    @Option(names = "--warmup", defaultValue = "2", description = "Seconds of traffic before measuring (chat, presence-churn). Default: ${DEFAULT-VALUE}")
    double warmup;
    @Option(names = "--rate", defaultValue = "1000", description = "Messages or presence changes per second in total. Default: ${DEFAULT-VALUE}")
    double rate;
    @Option(names = "--drain", defaultValue = "5", description = "Seconds to wait for in-flight messages at the end. Default: ${DEFAULT-VALUE}")
    double drain;
    @Option(names = "--sasl", defaultValue = "auto", description = "auto, PLAIN, SCRAM-SHA-1 or SCRAM-SHA-256. Default: ${DEFAULT-VALUE}")
    String sasl;
    @Option(names = "--register", description = "XEP-0077 in-band registration before auth")
    boolean register;
    @Option(names = "--resource", description = "Fixed resource (default: random per login)")
    String resource;
    @Option(names = "--threads", defaultValue = "1", description = "Event-loop threads. Default: ${DEFAULT-VALUE}")
    int threads;
    @Option(names = "--login-timeout", defaultValue = "30", description = "Seconds a login may take. Default: ${DEFAULT-VALUE}")
    double loginTimeout;
    @Option(names = "--json", description = "Write the full report as JSON to this file")
    Path json;
    @Option(names = "--max-errors", defaultValue = "0", description = "Errors tolerated for exit code 0. Default: ${DEFAULT-VALUE}")
    long maxErrors;
    @Option(names = "--progress", defaultValue = "5", description = "Seconds between progress lines on stderr (0 = none). Default: ${DEFAULT-VALUE}")
    double progress;

    /** Runs the command line; exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        LoadOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadReport report = LoadRun.run(options, err);
        out.println(report.summaryLine());
        out.flush();
        if (options.json() != null) {
            report.writeJson(options.json());
        }
        return report.passed() ? 0 : 1;
    }

    /** The validated options. */
    LoadOptions options() {
        TransportKind kind;
        try {
            kind = TransportKind.valueOf(transport.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown transport '" + transport
                    + "' (tcp, starttls, tls, bosh, websocket)");
        }
        int p = port != null ? port : kind == TransportKind.TLS ? 5223 : 5222;
        return new LoadOptions(host, p, domain, kind, url, Scenario.parse(scenario), userPrefix, first, members,
                password, sourceAddresses(), ramp, concurrency, seconds(duration), seconds(warmup), rate,
                seconds(drain), sasl, register, resource, threads, seconds(loginTimeout), json, maxErrors,
                seconds(progress));
    }

    private List<InetAddress> sourceAddresses() {
        if (source != null && sources != null) {
            throw new IllegalArgumentException("give --source or --sources, not both");
        }
        List<InetAddress> out = new ArrayList<>();
        try {
            if (source != null) {
                for (String s : source) {
                    out.add(InetAddress.getByName(s.strip()));
                }
            } else if (sources == null) {
                out.add(InetAddress.getByAddress(new byte[4])); // any local address
            } else {
                int n = sources;
                if (n < 1 || n > 254) {
                    throw new IllegalArgumentException("--sources must be 1..254");
                }
                for (int i = 1; i <= n; i++) {
                    out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad source address: " + e.getMessage());
        }
        return out;
    }

    private static Duration seconds(double s) {
        if (s < 0) {
            throw new IllegalArgumentException("durations must not be negative: " + s);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
