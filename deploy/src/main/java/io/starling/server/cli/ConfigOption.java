package io.starling.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/** {@code -c/--config FILE}; without it, {@code starling.yaml} in the working directory if present. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration (default: ./starling.yaml if present)")
    Path file;

    public Path path() {
        if (file != null) {
            return file;
        }
        Path local = Path.of("starling.yaml");
        return Files.isRegularFile(local) ? local : null;
    }
}
