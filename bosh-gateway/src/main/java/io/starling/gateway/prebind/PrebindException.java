package io.starling.gateway.prebind;

/** A prebind the server refused: too many sessions or resources, an invalid resource. */
public final class PrebindException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status the HTTP status to answer with (400 invalid resource, 409 resource limit, 503 full) */
    public PrebindException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
