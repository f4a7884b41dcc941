package io.starling.core.spi;

/** A named probe of one dependency, for {@code /health}. Implementations must be quick and must not throw. */
public interface HealthCheck {
    record Result(boolean healthy, String detail) {
    }

    String name();

    Result check();
}
