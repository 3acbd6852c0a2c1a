package org.rasterhub.runner.telemetry;

import java.util.List;
import org.rasterhub.runner.engine.FloatTensor;
import org.rasterhub.runner.engine.InferenceException;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.engine.Tensor;

/** A model whose forward passes count as the {@link StageTimes.Stage#MODEL} stage of a run. */
public final class TimedModel implements InferenceModel {
    private final InferenceModel model;
    private final StageTimes times;

    public TimedModel(InferenceModel model, StageTimes times) {
        this.model = model;
        this.times = times;
    }

    @Override
    public String engineName() {
        return model.engineName();
    }

    @Override
    public List<Tensor> runAll(FloatTensor input) throws InferenceException {
        long start = System.nanoTime();
        try {
            return model.runAll(input);
        } finally {
            times.since(StageTimes.Stage.MODEL, start);
        }
    }

    /** Each lane timed too: with several lanes at once the model stage sums their times, as CPU time does. */
    @Override
    public List<InferenceModel> lanes() {
        List<InferenceModel> lanes = model.lanes();
        return lanes.size() == 1 ? List.of(this)
                : lanes.stream().map(lane -> (InferenceModel) new TimedModel(lane, times)).toList();
    }

    @Override
    public void close() {
        model.close();
    }
}
