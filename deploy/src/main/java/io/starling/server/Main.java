package io.starling.server;

import picocli.CommandLine;

import io.starling.server.cli.RunCommand;
import io.starling.server.cli.StarlingCommand;
import io.starling.server.cli.TokenCommand;
import io.starling.server.cli.UserCommand;

/**
 * {@code starling [run] [-c file]} starts the server; {@code starling user …} manages accounts; {@code starling token
 * USERNAME} prints a signed login token.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new StarlingCommand())
                .addSubcommand(new RunCommand())
                .addSubcommand(new UserCommand())
                .addSubcommand(new TokenCommand());
        int code = cli.execute(args);
        // The server returns only after its shutdown hook ran; one-shot commands end the JVM themselves.
        if (code != 0 || java.util.Arrays.asList(args).contains("user")) {
            System.exit(code);
        }
    }
}
