package io.starling.server.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import io.starling.core.config.AuthConfig;
import io.starling.core.sasl.LoginTokenSigner;
import io.starling.core.user.InvalidUsernameException;
import io.starling.server.config.ConfigLoader;

/**
 * {@code starling token USERNAME [--lifetime 5m]}: prints a login token signed with {@code auth.token-secret}, as
 * the web application would issue one (README, "Signed login tokens"). Needs no database: whether the account
 * exists is checked at login.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a signed login token to use as the SASL PLAIN password (needs auth.token-secret).")
public final class TokenCommand implements Callable<Integer> {
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "USERNAME", description = "The localpart of the member's JID")
    String username;

    @Option(names = "--lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the token is valid, e.g. 90s or 5m (default: 5m, or auth.token-max-lifetime if"
                    + " shorter)")
    Duration lifetime;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        AuthConfig auth = ConfigLoader.load(config.path(), System.getenv()).core().auth();
        if (!auth.tokenLoginEnabled()) {
            err.println("token login is off: set auth.token-secret (or STARLING_AUTH_TOKEN_SECRET) first");
            return 1;
        }
        Duration valid = lifetime != null ? lifetime
                : DEFAULT_LIFETIME.compareTo(auth.tokenMaxLifetime()) < 0 ? DEFAULT_LIFETIME : auth.tokenMaxLifetime();
        if (valid.isNegative() || valid.isZero() || valid.compareTo(auth.tokenMaxLifetime()) > 0) {
            err.println("--lifetime must be positive and at most auth.token-max-lifetime (" + auth.tokenMaxLifetime()
                    + "): the server refuses longer-lived tokens");
            return 1;
        }
        try {
            spec.commandLine().getOut().println(new LoginTokenSigner(auth.tokenSecret(), Clock.systemUTC())
                    .sign(username, valid));
            return 0;
        } catch (InvalidUsernameException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** {@code --lifetime} written like a duration in the configuration file. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return ConfigLoader.duration(value);
        }
    }
}
