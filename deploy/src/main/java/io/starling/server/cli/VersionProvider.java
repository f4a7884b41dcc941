package io.starling.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"Starling " + (v == null ? "dev" : v)};
    }
}
