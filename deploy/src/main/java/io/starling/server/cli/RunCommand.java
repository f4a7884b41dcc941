package io.starling.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import io.starling.server.StarlingServer;
import io.starling.server.config.ConfigLoader;

/** Runs the server until SIGTERM/SIGINT, then shuts down gracefully. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the server (the default).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        return runServer(config.path());
    }

    static int runServer(Path configFile) throws Exception {
        StarlingServer server = StarlingServer.start(ConfigLoader.load(configFile, System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "starling-shutdown"));
        LOG.info("ready; stop with Ctrl-C or SIGTERM");
        stopped.await();
        return 0;
    }
}
