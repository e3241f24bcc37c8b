package io.agentmonitor.gateway.audit;

/**
 * The audit store could not be read or written. A logout that meets it before the upstream call is
 * refused (fail closed); the problem mappers answer it as 503.
 */
public class AuditStoreException extends RuntimeException {

    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
