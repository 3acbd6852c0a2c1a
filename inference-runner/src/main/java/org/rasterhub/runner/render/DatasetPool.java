package org.rasterhub.runner.render;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gdal.gdal.Dataset;

/**
 * Open GDAL datasets of rendered files, kept for reuse: a GDAL dataset must not be used by two threads
 * at once, so each is lent to one thread at a time and given back after its tile. At most {@code
 * maxIdle} idle datasets are kept (the least recently used file's go first), and {@link #forget}
 * closes a file's idle datasets at once (and those lent out when they come back), so a deleted blob
 * never keeps its disk space behind an open handle.
 */
final class DatasetPool<K> {
    private final int maxIdle;
    // Files by last use, each with its idle datasets.
    private final LinkedHashMap<K, Deque<Dataset>> idle = new LinkedHashMap<>(16, 0.75f, true);
    // Datasets lent out per file, and the files forgotten while some were: both hold files in use only.
    private final Map<K, Integer> lent = new HashMap<>();
    private final Set<K> forgotten = new HashSet<>();
    private int idleCount;

    DatasetPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /**
     * Lends an idle dataset of this file; null when none is idle, and the caller opens one. Either way
     * the caller then calls {@link #giveBack} once, with what it used (or null if opening failed).
     */
    synchronized Dataset borrow(K file) {
        lent.merge(file, 1, Integer::sum);
        Deque<Dataset> datasets = idle.get(file);
        if (datasets == null || datasets.isEmpty()) {
            return null;
        }
        idleCount--;
        return datasets.pop();
    }

    /** Takes a lent or newly opened dataset back; closes it if its file was forgotten meanwhile. */
    void giveBack(K file, Dataset dataset) {
        List<Dataset> close = new ArrayList<>();
        synchronized (this) {
            boolean wasForgotten = forgotten.contains(file);
            if (lent.merge(file, -1, Integer::sum) <= 0) {
                lent.remove(file);
                forgotten.remove(file);
            }
            if (dataset != null && wasForgotten) {
                close.add(dataset);
            } else if (dataset != null) {
                idle.computeIfAbsent(file, f -> new ArrayDeque<>()).push(dataset);
                idleCount++;
                Iterator<Map.Entry<K, Deque<Dataset>>> eldest = idle.entrySet().iterator();
                while (idleCount > maxIdle && eldest.hasNext()) {
                    Deque<Dataset> datasets = eldest.next().getValue();
                    while (!datasets.isEmpty() && idleCount > maxIdle) {
                        close.add(datasets.removeLast());
                        idleCount--;
                    }
                    if (datasets.isEmpty()) {
                        eldest.remove();
                    }
                }
            }
        }
        close.forEach(Dataset::delete);   // outside the lock
    }

    /** Closes the idle datasets of the keys that match now, and those lent out when they come back. */
    void forget(java.util.function.Predicate<K> matches) {
        List<Dataset> close = new ArrayList<>();
        synchronized (this) {
            lent.keySet().stream().filter(matches).forEach(forgotten::add);
            Iterator<Map.Entry<K, Deque<Dataset>>> entries = idle.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<K, Deque<Dataset>> entry = entries.next();
                if (matches.test(entry.getKey())) {
                    close.addAll(entry.getValue());
                    idleCount -= entry.getValue().size();
                    entries.remove();
                }
            }
        }
        close.forEach(Dataset::delete);
    }

    /** Closes every idle dataset. */
    void closeAll() {
        List<Deque<Dataset>> all;
        synchronized (this) {
            all = new ArrayList<>(idle.values());
            idle.clear();
            idleCount = 0;
        }
        all.forEach(datasets -> datasets.forEach(Dataset::delete));
    }

    synchronized int idleCount() {
        return idleCount;
    }
}
