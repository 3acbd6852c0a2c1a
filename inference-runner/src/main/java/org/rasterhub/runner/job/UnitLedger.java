package org.rasterhub.runner.job;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.rasterhub.core.run.DatabaseTime;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RunStatus;
import org.rasterhub.core.run.RunUnit;
import org.rasterhub.core.storage.ContentHash;

/**
 * What runners read and write of a run's work units, one short transaction per call. A claim takes
 * the first unit nobody works (or whose worker went silent for {@code silence}, by the database's
 * clock) and counts it; two runners claiming at once conflict on the row version and the loser
 * retries ({@link WriteConflicts}). Every later write names its claim and is refused once the unit
 * was claimed again.
 */
final class UnitLedger {
    private final Transactions transactions;
    private final String node;

    UnitLedger(Transactions transactions, String node) {
        this.transactions = transactions;
        this.node = node;
    }

    /** What a worker got when it asked for a unit. */
    enum Outcome {
        /** A unit to work. */
        CLAIMED,
        /** None free now; others work the rest. */
        WAIT,
        /** Every unit is done: the run can be merged. */
        ALL_DONE,
        /** The run is no longer running (cancelled, failed, finished), or is asked to cancel. */
        RUN_OVER
    }

    /** A worker's claim on a unit; {@code unit} and {@code claim} only when {@code outcome} is CLAIMED. */
    record Claim(Outcome outcome, long unitId, WorkUnit unit, int claim) {
        static Claim of(Outcome outcome) {
            return new Claim(outcome, 0, null, 0);
        }
    }

    /**
     * Creates the run's units unless an earlier attempt did (those stand, with what they have done:
     * the run resumes), fenced by the run's attempt.
     *
     * @return the run's units, in order
     */
    List<WorkUnit> ensure(long runId, int attempt, List<WorkUnit> planned) {
        return transactions.inTransaction(em -> {
            RunLedger.current(em, runId, attempt);
            List<RunUnit> existing = units(em, runId);
            if (existing.isEmpty()) {
                for (WorkUnit u : planned) {
                    em.persist(new RunUnit(runId, u.index(), u.inputPosition(), u.firstRow(), u.endRow(), u.tiles()));
                }
                return planned;
            }
            return existing.stream().map(UnitLedger::workUnit).toList();
        });
    }

    /**
     * Claims the first unit that nobody works, or whose worker is silent. A unit that already had its
     * last claim fails the run instead: its runners kept dying on it.
     */
    Claim claim(long runId, String device, Duration silence) {
        return WriteConflicts.retrying(() -> transactions.inTransaction(em -> {
            InferenceRun run = RunLedger.require(em, runId);
            if (run.status() != RunStatus.RUNNING || run.cancelRequested()) {
                return Claim.of(Outcome.RUN_OVER);
            }
            Instant now = DatabaseTime.now(em);
            boolean allDone = true;
            for (RunUnit unit : units(em, runId)) {
                allDone &= unit.state() == RunUnit.State.DONE;
                if (!unit.claimable(now.minus(silence))) {
                    continue;
                }
                if (unit.lostClaims() >= RunUnit.MAX_CLAIMS) {
                    run.fail("work unit " + (unit.unitIndex() + 1) + " (tile rows " + unit.firstRow() + "-"
                            + (unit.endRow() - 1) + ") was lost " + unit.lostClaims() + " times: the runner working it"
                            + " stopped each time (a crash, the memory killer, a kill)", now);
                    return Claim.of(Outcome.RUN_OVER);
                }
                int claim = unit.claim(node, device, now);
                return new Claim(Outcome.CLAIMED, unit.id(), workUnit(unit), claim);
            }
            return Claim.of(allDone ? Outcome.ALL_DONE : Outcome.WAIT);
        }));
    }

    /**
     * The heartbeat of a claimed unit.
     *
     * @return whether its worker should go on: it still holds the unit and the run still runs
     */
    boolean beat(long runId, long unitId, int claim) {
        return WriteConflicts.retrying(() -> transactions.inTransaction(em -> {
            RunUnit unit = em.find(RunUnit.class, unitId);
            InferenceRun run = RunLedger.require(em, runId);
            if (unit == null || !unit.runningClaim(claim)) {
                return false;
            }
            unit.beat(DatabaseTime.now(em));
            return run.status() == RunStatus.RUNNING && !run.cancelRequested();
        }));
    }

    /**
     * Records a unit's stored output. @return false when the worker no longer held it (another
     * claimed it after it went silent); its output is then not recorded
     */
    boolean done(long unitId, int claim, ContentHash output, String stageMillisJson) {
        return WriteConflicts.retrying(() -> transactions.inTransaction(em -> {
            RunUnit unit = em.find(RunUnit.class, unitId);
            if (unit == null || !unit.runningClaim(claim)) {
                return false;
            }
            unit.done(output, stageMillisJson, DatabaseTime.now(em));
            return true;
        }));
    }

    /** Gives a unit back unfinished, in good order (its run stopped running); not counted as lost. */
    void release(long unitId, int claim) {
        WriteConflicts.retrying(() -> transactions.inTransaction(em -> {
            RunUnit unit = em.find(RunUnit.class, unitId);
            if (unit != null && unit.runningClaim(claim)) {
                unit.release(claim);
            }
            return null;
        }));
    }

    /** The run's units as they are now, in order. */
    List<RunUnit> units(long runId) {
        return transactions.inTransaction(em -> {
            List<RunUnit> units = units(em, runId);
            units.forEach(em::detach);
            return units;
        });
    }

    private static List<RunUnit> units(EntityManager em, long runId) {
        return em.createQuery("select u from RunUnit u where u.runId = :run order by u.unitIndex", RunUnit.class)
                .setParameter("run", runId).getResultList();
    }

    static WorkUnit workUnit(RunUnit unit) {
        return new WorkUnit(unit.unitIndex(), unit.inputPosition(), unit.firstRow(), unit.endRow(), unit.tiles());
    }
}
