package io.alink.daemon;

import java.io.PrintStream;

/** {@link Progress} as one line redrawn in place: {@code logging in [##########..........]  250/500}. */
final class TerminalBar implements Progress {

    private static final int WIDTH = 30;

    private final PrintStream terminal;
    private String phase;
    private int total;

    TerminalBar(PrintStream terminal) {
        this.terminal = terminal;
    }

    @Override
    public synchronized void start(String phase, int total) {
        this.phase = phase;
        this.total = total;
        advance(0);
    }

    @Override
    public synchronized void advance(int done) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        terminal.print("\r" + String.format("%-22s [%s%s] %d/%d", phase, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total));
        terminal.flush();
    }

    @Override
    public synchronized void finish() {
        terminal.println();
    }
}
