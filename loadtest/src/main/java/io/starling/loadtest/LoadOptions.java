package io.starling.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.starling.loadtest.client.TransportKind;
import io.starling.loadtest.session.LoginSettings;

/**
 * One load run's settings, validated at construction, then frozen. {@link #parse} reads them from command-line
 * arguments (see {@link LoadCommand} for each option and its default).
 *
 * @param ramp logins started per second; 0 = as fast as {@code concurrency} allows
 * @param concurrency logins in flight at most
 * @param rate messages (chat) or presence changes (presence-churn) per second, all members together
 * @param maxErrors the run passes (exit 0) with at most this many errors
 */
public record LoadOptions(String host, int port, String domain, TransportKind transport, URI url,
                          Scenario scenario, String userPrefix, int first, int members, String password,
                          List<InetAddress> sources, double ramp, int concurrency, Duration duration,
                          Duration warmup, double rate, Duration drain, String sasl, boolean register,
                          String resource, int threads, Duration loginTimeout, Path json, long maxErrors,
                          Duration progressInterval) {
    public LoadOptions {
        require(port > 0 && port < 65536, "--port must be 1..65535");
        require(members > 0, "--members must be positive");
        require(first >= 0, "--first must be >= 0");
        require(!sources.isEmpty(), "at least one source address");
        require(ramp >= 0, "--ramp must be >= 0");
        require(concurrency > 0, "--concurrency must be positive");
        require(!duration.isNegative() && !warmup.isNegative() && !drain.isNegative(),
                "durations must not be negative");
        require(threads > 0, "--threads must be positive");
        require(rate >= 0, "--rate must be >= 0");
        require((scenario != Scenario.CHAT && scenario != Scenario.PRESENCE_CHURN) || rate > 0,
                "--rate must be positive for " + scenario.cliName());
        require(scenario != Scenario.CHAT || members >= 2, "chat needs at least 2 members");
        require(transport != TransportKind.BOSH && transport != TransportKind.WEBSOCKET || url != null,
                "--url is required for " + transport);
        require(maxErrors >= 0, "--max-errors must be >= 0");
        require(!loginTimeout.isZero() && !loginTimeout.isNegative(), "--login-timeout must be positive");
        require(List.of("auto", "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256").contains(sasl),
                "--sasl must be auto, PLAIN, SCRAM-SHA-1 or SCRAM-SHA-256");
        sources = List.copyOf(sources);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Parses and validates command-line arguments; throws {@link IllegalArgumentException} on a bad one. */
    public static LoadOptions parse(String... args) {
        LoadCommand command = new LoadCommand();
        try {
            new picocli.CommandLine(command).parseArgs(args);
        } catch (picocli.CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.options();
    }

    /** The member's local part, e.g. {@code load7}. */
    public String username(int index) {
        return userPrefix + (first + index);
    }

    /** How every member logs in. */
    public LoginSettings loginSettings() {
        return new LoginSettings(domain, password, sasl, transport == TransportKind.STARTTLS, register, resource,
                loginTimeout);
    }
}
