package org.rasterhub.runner.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One copy of a model per GPU; each call goes to the next copy in turn. Thread-safe. */
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
    public void close() {
        copies.forEach(InferenceModel::close);
    }

    @Override
    public String toString() {
        return "SpreadModel" + copies;
    }
}
