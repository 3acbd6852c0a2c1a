package org.rasterhub.runner.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One copy of a model per GPU. Its {@link #lanes} are the copies, each for a thread of its own: the
 * tile pipeline runs a batch on every GPU at once. A call on the spread model itself goes to the next
 * copy in turn (tools that run one batch at a time). Thread-safe.
 */
final class SpreadModel implements InferenceModel {
    private final List<InferenceModel> copies;
    private final AtomicInteger next = new AtomicInteger();

    SpreadModel(List<InferenceModel> copies) {
        this.copies = List.copyOf(copies);
    }

    @Override
    public String engineName() {
        return copies.get(0).engineName();
    }

    @Override
    public List<Tensor> runAll(FloatTensor input) throws InferenceException {
        return copies.get(Math.floorMod(next.getAndIncrement(), copies.size())).runAll(input);
    }

    @Override
    public List<InferenceModel> lanes() {
        return copies;
    }

    @Override
    public void close() {
        copies.forEach(InferenceModel::close);
    }

    @Override
    public String toString() {
        return "SpreadModel" + copies;
    }
}
