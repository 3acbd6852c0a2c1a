package org.rasterhub.runner.classify;

import java.util.List;
import java.util.function.Predicate;
import org.rasterhub.runner.engine.Tensor;

/** Which of a batch's model outputs a per-pixel reader reads, by the rule {@link OutputReading} states. */
final class OutputSelection {
    private OutputSelection() {
    }

    /**
     * The output at the reading's index, else the first that {@code accepted} takes, else the first
     * output (whose reader then reports what was expected).
     *
     * @throws ModelOutputException when the reading names an output the model did not return
     */
    static Tensor select(List<Tensor> outputs, OutputReading reading, Predicate<Tensor> accepted)
            throws ModelOutputException {
        if (reading.outputIndex() != OutputReading.FIRST_ACCEPTED) {
            if (reading.outputIndex() >= outputs.size()) {
                throw new ModelOutputException(outputs.get(0).shape(), "the run reads output " + reading.outputIndex()
                    + " (from 0) but the model returned " + outputs.size());
            }
            return outputs.get(reading.outputIndex());
        }
        return outputs.stream().filter(accepted).findFirst().orElse(outputs.get(0));
    }
}
