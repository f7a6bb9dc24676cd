package io.alink.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.alink.gateway.ServiceCall;
import io.alink.gateway.ServiceHandler;
import io.alink.gateway.ServiceReply;
import io.alink.protocol.DeviceId;
import io.alink.protocol.ReplyCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Cloud-to-device calls (service calls and property sets) for the sub-devices, held until the sub-device's adapter
 * fetches them with a long poll and answers each by its id; and firmware upgrades ({@link #deliver}), which the
 * adapter answers with progress reports instead.
 *
 * <p>A command is handed out once: an adapter that fetched it and died before answering does not get it again.
 * Whatever is not answered within the command timeout, fetched or not, is answered to the cloud with code
 * {@value ReplyCode#TIMEOUT}, so the cloud never waits forever for an adapter that is not there. A sync service call
 * (over RRPC) carries the cloud's deadline and expires then if that is sooner; an adapter that answers it later is
 * told so ({@link Outcome#LATE}), since the cloud stopped waiting and nothing is sent. At most
 * {@value #MAX_WAITING_PER_DEVICE} commands wait per sub-device; beyond that the cloud is told at once (code 429)
 * rather than letting memory grow.
 */
final class Commands implements ServiceHandler {

    static final int MAX_WAITING_PER_DEVICE = 1000;

    /** Kinds as the southbound API names them. */
    static final String SERVICE = "service";
    static final String PROPERTY_SET = "property.set";
    /** A remote configuration file the cloud pushed ({@link ConfigCommands}). */
    static final String CONFIG = "config";

    /** How many expired sync commands are remembered, to tell their late adapters why their reply went nowhere. */
    private static final int REMEMBERED_LATE = 1024;

    /**
     * One call from the cloud, waiting for its reply.
     *
     * @param deadline when the cloud stops waiting (a sync call); null for an asynchronous call
     */
    record Command(String id, DeviceId device, String kind, String identifier, JsonNode params, Instant deadline,
                   CompletableFuture<ServiceReply> reply) {
    }

    /** What became of an adapter's reply. */
    enum Outcome {
        /** Sent to the cloud. */
        SENT,
        /** No such command waits: unknown, answered already, or timed out. */
        UNKNOWN,
        /** A sync command whose deadline passed: the cloud stopped waiting, the reply was not sent. */
        LATE
    }

    /** The commands no adapter fetched yet, and the long polls waiting for one, of one sub-device. */
    private static final class Mailbox {
        final Deque<Command> unfetched = new ArrayDeque<>();
        final Deque<CompletableFuture<List<Command>>> polls = new ArrayDeque<>();
    }

    private final Predicate<DeviceId> served;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Map<DeviceId, Mailbox> mailboxes = new ConcurrentHashMap<>();
    /** Every command not answered yet, fetched or not, by id. */
    private final Map<String, Command> unanswered = new ConcurrentHashMap<>();
    /** Sync commands that expired at their deadline, by id; bounded. */
    private final Map<String, Instant> late = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED_LATE;
        }
    });

    /** @param served which devices have adapters (the configured sub-devices); the others are answered at once */
    Commands(Predicate<DeviceId> served, Duration timeout, ScheduledExecutorService timer) {
        this.served = served;
        this.timeout = timeout;
        this.timer = timer;
    }

    @Override
    public CompletionStage<ServiceReply> handle(ServiceCall call) {
        if (!served.test(call.device())) {
            return CompletableFuture.completedFuture(ServiceReply.error(ReplyCode.DEVICE_NOT_FOUND,
                    "the gateway daemon serves no calls for " + call.device()));
        }
        return deliver(call.device(), call.isPropertySet() ? PROPERTY_SET : SERVICE, call.identifier(),
                call.params(), call.deadline());
    }

    /**
     * Hands a command of {@code kind} to the adapter of a served {@code device}; completes with the adapter's reply,
     * or an error reply on timeout or when too many wait.
     */
    CompletableFuture<ServiceReply> deliver(DeviceId device, String kind, String identifier, JsonNode params) {
        return deliver(device, kind, identifier, params, null);
    }

    /** {@link #deliver(DeviceId, String, String, JsonNode)} of a sync call: it expires at {@code deadline} too. */
    private CompletableFuture<ServiceReply> deliver(DeviceId device, String kind, String identifier, JsonNode params,
                                                    Instant deadline) {
        Command command = new Command(UUID.randomUUID().toString(), device, kind, identifier, params, deadline,
                new CompletableFuture<>());
        if (!offer(command, true)) {
            return CompletableFuture.completedFuture(ServiceReply.error(ReplyCode.TOO_MANY_REQUESTS,
                    MAX_WAITING_PER_DEVICE + " commands already wait for the adapter of " + device));
        }
        long expiresIn = deadline == null ? timeout.toMillis()
                : Math.min(timeout.toMillis(), Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
        timer.schedule(() -> expire(command), expiresIn, TimeUnit.MILLISECONDS);
        return command.reply();
    }

    /**
     * Hands {@code device}'s adapter a command the cloud waits for no reply to (an OTA upgrade: the adapter reports
     * its progress instead). It does not expire; answering it is refused as for an unknown command.
     *
     * @return false when {@value #MAX_WAITING_PER_DEVICE} commands wait for the adapter already
     */
    boolean deliverWithoutReply(DeviceId device, String kind, String identifier, JsonNode params) {
        return offer(new Command(UUID.randomUUID().toString(), device, kind, identifier, params, null,
                new CompletableFuture<>()), false);
    }

    /** Into the mailbox, or straight to a long poll waiting for one; false when the mailbox is full. */
    private boolean offer(Command command, boolean awaitsReply) {
        Mailbox mailbox = mailboxes.computeIfAbsent(command.device(), device -> new Mailbox());
        CompletableFuture<List<Command>> poll;
        synchronized (mailbox) {
            if (mailbox.unfetched.size() >= MAX_WAITING_PER_DEVICE) {
                return false;
            }
            if (awaitsReply) {
                unanswered.put(command.id(), command);
            }
            poll = mailbox.polls.poll();
            if (poll == null) {
                mailbox.unfetched.add(command);
            }
        }
        if (poll != null) {
            poll.complete(List.of(command));
        }
        return true;
    }

    /**
     * The device's waiting commands, at once if there are any, else the first to arrive within {@code wait}, else an
     * empty list after it.
     */
    CompletableFuture<List<Command>> poll(DeviceId device, Duration wait) {
        Mailbox mailbox = mailboxes.computeIfAbsent(device, d -> new Mailbox());
        CompletableFuture<List<Command>> poll = new CompletableFuture<>();
        synchronized (mailbox) {
            if (!mailbox.unfetched.isEmpty() || wait.isZero()) {
                List<Command> fetched = new ArrayList<>(mailbox.unfetched);
                mailbox.unfetched.clear();
                return CompletableFuture.completedFuture(fetched);
            }
            mailbox.polls.add(poll);
        }
        timer.schedule(() -> {
            boolean stillWaiting;
            synchronized (mailbox) {
                // a command may have taken this poll just now: then it is that command's to complete
                stillWaiting = mailbox.polls.remove(poll);
            }
            if (stillWaiting) {
                poll.complete(List.of());
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        return poll;
    }

    /** Sends the adapter's reply to the cloud, if its command still waits for one. */
    Outcome reply(String commandId, ServiceReply reply) {
        Command waiting = unanswered.get(commandId);
        if (waiting != null && waiting.deadline() != null && Instant.now().isAfter(waiting.deadline())) {
            // past its deadline, though its timer has not run yet
            expire(waiting);
        }
        Command command = unanswered.remove(commandId);
        if (command != null && command.reply().complete(reply)) {
            return Outcome.SENT;
        }
        return late.containsKey(commandId) ? Outcome.LATE : Outcome.UNKNOWN;
    }

    /** {@return when the cloud stopped waiting for the sync command {@code commandId}, if it expired so} */
    Optional<Instant> missedDeadline(String commandId) {
        return Optional.ofNullable(late.get(commandId));
    }

    /** Answers every waiting command with an error, and ends every long poll: the daemon is stopping. */
    void close() {
        unanswered.values().forEach(command -> answerWith(command, ServiceReply.error(ReplyCode.SERVER_ERROR,
                "the gateway daemon is stopping")));
        mailboxes.values().forEach(mailbox -> {
            synchronized (mailbox) {
                mailbox.polls.forEach(poll -> poll.complete(List.of()));
                mailbox.polls.clear();
            }
        });
    }

    private void expire(Command command) {
        if (command.deadline() != null && unanswered.containsKey(command.id())) {
            late.put(command.id(), command.deadline());
        }
        answerWith(command, ServiceReply.error(ReplyCode.TIMEOUT, "the adapter of " + command.device()
                + " did not answer " + (command.deadline() == null ? "within " + timeout.toMillis() + " ms"
                : "before the cloud's deadline")));
    }

    private void answerWith(Command command, ServiceReply reply) {
        if (unanswered.remove(command.id(), command)) {
            Mailbox mailbox = mailboxes.get(command.device());
            synchronized (mailbox) {
                mailbox.unfetched.remove(command);
            }
            command.reply().complete(reply);
        }
    }
}
