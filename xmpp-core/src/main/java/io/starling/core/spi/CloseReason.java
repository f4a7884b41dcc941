package io.starling.core.spi;

/** Why a bound session ended. */
public enum CloseReason {
    /** The client closed its stream. */
    LOGOUT,
    /** The connection broke without a stream close. */
    CONNECTION_LOST,
    /** Nothing was heard within the idle timeout. */
    TIMEOUT,
    /** A newer login took the same full JID. */
    REPLACED,
    /** The server closed it after a stream error. */
    STREAM_ERROR,
    /** The server is shutting down. */
    SHUTDOWN
}
