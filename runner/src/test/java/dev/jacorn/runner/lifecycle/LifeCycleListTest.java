package dev.jacorn.runner.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifeCycleListTest {

    /** A component that records its starts and stops in a shared journal, and fails when told to. */
    private static final class Recorder extends AbstractLifeCycle {
        private final String name;
        private final List<String> journal;
        private final RuntimeException startFailure;
        private final RuntimeException stopFailure;

        Recorder(String name, List<String> journal, RuntimeException startFailure, RuntimeException stopFailure) {
            this.name = name;
            this.journal = journal;
            this.startFailure = startFailure;
            this.stopFailure = stopFailure;
        }

        Recorder(String name, List<String> journal) {
            this(name, journal, null, null);
        }

        @Override
        protected void doStart() {
            journal.add("start " + name);
            if (startFailure != null) {
                throw startFailure;
            }
        }

        @Override
        protected void doStop() {
            journal.add("stop " + name);
            if (stopFailure != null) {
                throw stopFailure;
            }
        }

        @Override
        public String lifeCycleName() {
            return name;
        }
    }

    @Test
    void startsInOrderAndStopsInReverse() {
        List<String> journal = new ArrayList<>();
        LifeCycleList list = new LifeCycleList("all", new Recorder("a", journal), new Recorder("b", journal),
                new Recorder("c", journal));
        list.start();
        list.stop();
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), journal);
        list.components().forEach(c -> assertEquals(LifeCycle.State.STOPPED, c.lifeCycleState()));
    }

    @Test
    void aFailedStartStopsWhatStartedInReverseAndKeepsTheirFailuresAsSuppressed() {
        List<String> journal = new ArrayList<>();
        RuntimeException boot = new IllegalStateException("c cannot start");
        RuntimeException aStop = new IllegalStateException("a cannot stop");
        LifeCycleList list = new LifeCycleList("all", new Recorder("a", journal, null, aStop),
                new Recorder("b", journal), new Recorder("c", journal, boot, null), new Recorder("d", journal));
        RuntimeException thrown = assertThrows(RuntimeException.class, list::start);
        assertSame(boot, thrown);
        // c's own partial start is released by c (its doStop), then b and a in reverse; d never starts.
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), journal);
        assertEquals(List.of(aStop), List.of(thrown.getSuppressed()));
        assertEquals(LifeCycle.State.FAILED, list.lifeCycleState());
        list.stop();
        assertEquals(6, journal.size(), "stopping the failed list again touches nothing");
        assertEquals(LifeCycle.State.NEW, list.components().get(3).lifeCycleState());
    }

    @Test
    void aStopGoesThroughEveryComponentAndThrowsTheFirstFailureWithTheRestSuppressed() {
        List<String> journal = new ArrayList<>();
        RuntimeException bStop = new IllegalStateException("b");
        RuntimeException cStop = new IllegalStateException("c");
        LifeCycleList list = new LifeCycleList("all", new Recorder("a", journal), new Recorder("b", journal, null, bStop),
                new Recorder("c", journal, null, cStop));
        list.start();
        RuntimeException thrown = assertThrows(RuntimeException.class, list::stop);
        assertSame(cStop, thrown);
        assertArrayEquals(new Throwable[] {bStop}, thrown.getSuppressed());
        assertEquals(List.of("start a", "start b", "start c", "stop c", "stop b", "stop a"), journal);
        assertEquals(LifeCycle.State.STOPPED, list.lifeCycleState());
    }

    @Test
    void stoppingTwiceIsHarmlessAndStartingTwiceFailsLoudly() {
        List<String> journal = new ArrayList<>();
        Recorder a = new Recorder("a", journal);
        a.start();
        IllegalStateException twice = assertThrows(IllegalStateException.class, a::start);
        assertEquals("cannot start a: it is STARTED (a component starts once)", twice.getMessage());
        a.stop();
        a.stop();
        assertEquals(List.of("start a", "stop a"), journal);
        assertThrows(IllegalStateException.class, a::start, "no start after a stop");
    }

    @Test
    void stoppingAComponentThatNeverStartedIsHarmless() {
        List<String> journal = new ArrayList<>();
        Recorder a = new Recorder("a", journal);
        a.stop();
        assertEquals(List.of(), journal);
        assertEquals(LifeCycle.State.STOPPED, a.lifeCycleState());
    }

    @Test
    void aComponentAlreadyStartedIsNotStartedAgainButIsStoppedByTheList() {
        List<String> journal = new ArrayList<>();
        Recorder early = new Recorder("early", journal);
        early.start();
        LifeCycleList list = new LifeCycleList("all", early, new Recorder("late", journal));
        list.start();
        list.stop();
        assertEquals(List.of("start early", "start late", "stop late", "stop early"), journal);
    }

    @Test
    void runStartsRunsAndStopsAndAFailedStopIsSuppressedOnTheBodysFailure() {
        List<String> journal = new ArrayList<>();
        RuntimeException stopFailure = new IllegalStateException("b cannot stop");
        LifeCycleList list = new LifeCycleList("all", new Recorder("a", journal),
                new Recorder("b", journal, null, stopFailure));
        RuntimeException bodyFailure = new IllegalStateException("the body failed");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> list.run(() -> {
            journal.add("run");
            throw bodyFailure;
        }));
        assertSame(bodyFailure, thrown);
        assertArrayEquals(new Throwable[] {stopFailure}, thrown.getSuppressed());
        assertEquals(List.of("start a", "start b", "run", "stop b", "stop a"), journal);

        List<String> second = new ArrayList<>();
        new LifeCycleList("all", new Recorder("c", second)).run(() -> second.add("run"));
        assertEquals(List.of("start c", "run", "stop c"), second);
    }

    @Test
    void startAllRollsBackAGroupThatIsNotAList() {
        List<String> journal = new ArrayList<>();
        RuntimeException boot = new IllegalStateException("second refuses");
        List<Recorder> group = List.of(new Recorder("first", journal), new Recorder("second", journal, boot, null),
                new Recorder("third", journal));
        assertSame(boot, assertThrows(RuntimeException.class, () -> LifeCycleList.startAll(group)));
        assertEquals(List.of("start first", "start second", "stop second", "stop first"), journal);
        assertEquals(LifeCycle.State.STOPPED, group.get(0).lifeCycleState());
        assertEquals(LifeCycle.State.NEW, group.get(2).lifeCycleState());
    }
}
