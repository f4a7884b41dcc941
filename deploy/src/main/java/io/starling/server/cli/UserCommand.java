package io.starling.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.starling.core.config.AuthConfig;
import io.starling.core.config.CoreConfig;
import io.starling.core.user.UserExistsException;
import io.starling.core.user.UserService;
import io.starling.server.config.ConfigLoader;

/** {@code starling user add|passwd|del|list|import}: account administration against the configured database. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage member accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Del.class,
                UserCommand.ListUsers.class, UserCommand.Import.class})
public final class UserCommand {

    abstract static class Base implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (AdminStorage storage = AdminStorage.open(ConfigLoader.load(config.path(), System.getenv()).core())) {
                return run(storage.users(), spec.commandLine().getOut());
            }
        }

        abstract int run(UserService users, PrintWriter out) throws Exception;
    }

    abstract static class WithPassword extends Base {
        @Option(names = "--password", paramLabel = "PASSWORD",
                description = "The password (visible in the process list; prefer the prompt or --password-stdin)")
        String password;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input")
        boolean passwordStdin;

        String password() throws IOException {
            if (password != null) {
                return password;
            }
            Console console = System.console();
            if (!passwordStdin && console != null) {
                char[] first = console.readPassword("Password: ");
                char[] second = console.readPassword("Again: ");
                if (first == null || second == null || !new String(first).equals(new String(second))) {
                    throw new IllegalArgumentException("the passwords differ");
                }
                return new String(first);
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account.")
    static final class Add extends WithPassword {
        @Parameters(paramLabel = "USERNAME", description = "The localpart of the member's JID")
        String username;

        @Override
        int run(UserService users, PrintWriter out) throws Exception {
            users.create(username, password()).get();
            out.println("created " + username);
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a new password.")
    static final class Passwd extends WithPassword {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        int run(UserService users, PrintWriter out) throws Exception {
            if (!users.changePassword(username, password()).get()) {
                out.println("no such user: " + username);
                return 1;
            }
            out.println("password changed for " + username);
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete an account.")
    static final class Del extends Base {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        int run(UserService users, PrintWriter out) throws Exception {
            if (!users.delete(username).get()) {
                out.println("no such user: " + username);
                return 1;
            }
            out.println("deleted " + username);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Create many accounts: one 'name password' line each (spaces or tabs between; blank and"
                    + " #-lines ignored).",
                    "e.g. seq 1 18000 | sed 's/.*/load& secret/' | starling user import -"})
    static final class Import implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..1", defaultValue = "-", description = "The accounts file; - (default) reads standard input")
        String file;

        @Option(names = "--skip-existing", description = "Leave accounts that exist as they are (password unchanged)"
                + " instead of failing")
        boolean skipExisting;

        @Option(names = "--threads", description = "Password-hashing threads (default: the number of processors)")
        Integer threads;

        @Option(names = "--batch", defaultValue = "500", description = "Accounts per transaction (default ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() throws Exception {
            CoreConfig core = ConfigLoader.load(config.path(), System.getenv()).core();
            int hashThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            AuthConfig a = core.auth();
            AuthConfig auth = new AuthConfig(a.scramIterations(), a.maxFailuresPerStream(), a.maxFailuresPerAddress(),
                    a.failureWindow(), hashThreads, Math.max(a.hashQueue(), batch), a.tokenSecret(),
                    a.tokenMaxLifetime());
            PrintWriter out = spec.commandLine().getOut();
            try (AdminStorage storage = AdminStorage.open(core, auth); BufferedReader in = open()) {
                UserImport.Result r = new UserImport(storage.users(), batch, skipExisting).run(in);
                out.printf("created %d, skipped %d existing, in %.1f s (%d hashing threads)%n", r.created(),
                        r.skipped(), r.elapsed().toMillis() / 1000.0, hashThreads);
                return 0;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                spec.commandLine().getErr().println("import stopped: " + cause.getMessage()
                        + (cause instanceof UserExistsException ? " (use --skip-existing)" : "")
                        + "; batches before it are committed");
                return 1;
            }
        }

        private BufferedReader open() throws IOException {
            return "-".equals(file)
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts in name order.")
    static final class ListUsers extends Base {
        @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--offset", defaultValue = "0", description = "Skip this many first")
        int offset;

        @Override
        int run(UserService users, PrintWriter out) throws Exception {
            List<String> names = users.list(limit, offset).get();
            names.forEach(out::println);
            return 0;
        }
    }
}
