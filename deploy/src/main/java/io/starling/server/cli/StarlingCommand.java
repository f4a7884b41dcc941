package io.starling.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The top-level command; with no subcommand it runs the server. */
@Command(name = "starling", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Starling XMPP server. With no command: run the server.")
public final class StarlingCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        return RunCommand.runServer(config.path());
    }
}
