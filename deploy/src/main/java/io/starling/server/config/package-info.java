/**
 * Configuration loading: one optional YAML file, environment overrides, one validated record per module.
 *
 * <p>{@link io.starling.server.config.ConfigLoader} merges, in rising precedence, the records' {@code defaults()},
 * the YAML file and {@code STARLING_*} environment variables, then builds {@link
 * io.starling.server.config.StarlingConfig}; the records validate themselves in their constructors. Every key of
 * the file is documented, with its default, in {@code starling.example.yaml}.
 */
package io.starling.server.config;
