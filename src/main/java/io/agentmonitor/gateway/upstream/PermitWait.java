package io.agentmonitor.gateway.upstream;

/**
 * What a search waiting for a budget permit tells its caller between attempts, and asks it: the
 * cache's fair budget counts a refused attempt as a view waiting, and withdraws a light view's
 * search while a heavier one waits.
 */
public interface PermitWait {

    /** Waits as long as it was told, telling nobody. */
    PermitWait PATIENT = new PermitWait() {
        @Override
        public void refused() {
        }

        @Override
        public boolean stillWanted() {
            return true;
        }
    };

    /** An attempt found no permit. */
    void refused();

    /** Whether to try again; false ends the wait at once with no permit. */
    boolean stillWanted();
}
