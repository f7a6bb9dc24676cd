package io.alink.daemon;

/**
 * How the bulk bring-up of sub-devices (registration, topology, login) shows how far it got: a bar redrawn in place
 * when a person watches a terminal, plain log lines when the output goes to a file or a journal, where a redrawn
 * line would only be noise.
 */
public interface Progress {

    /** A phase of {@code total} steps begins. */
    void start(String phase, int total);

    /** {@code done} of the phase's steps are done. */
    void advance(int done);

    /** The phase ended (perhaps early, when the connection was lost). */
    void finish();

    /** A bar on stderr when this process has a terminal, log lines otherwise. */
    static Progress forThisProcess() {
        return System.console() != null ? new TerminalBar(System.err) : new LogLines();
    }
}
