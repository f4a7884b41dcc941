package io.starling.server.cli;

import picocli.CommandLine.IVersionProvider;

import io.starling.server.Version;

/** The version for {@code --version}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"Starling " + Version.current()};
    }
}
