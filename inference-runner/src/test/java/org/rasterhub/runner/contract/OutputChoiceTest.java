package org.rasterhub.runner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputChoiceTest {

    @Test
    void theFirstOutputOfAnAcceptedShapeIsChosenAndASigmoidOfSeveralChannelsIsIndependent() {
        OnnxModelFacts facts = facts(Map.of("mask", "Sigmoid"), output("aux", "float", 1L, 6L),
                output("mask", "float", 1L, 6L, 128L, 128L));
        assertEquals(new OutputChoice(1, true, null), OutputChoice.of(facts, 256, 64));
    }

    @Test
    void softmaxScoresAndAOneChannelSigmoidAreNotIndependentChannels() {
        assertEquals(new OutputChoice(0, false, null), OutputChoice.of(facts(Map.of("p", "Softmax"),
                output("p", "float", "batch", 6L, 256L, 256L)), 256, 64));
        assertEquals(new OutputChoice(0, false, null), OutputChoice.of(facts(Map.of("p", "Sigmoid"),
                output("p", "float", 1L, 1L, 256L, 256L)), 256, 64));
    }

    @Test
    void anOutputWithSymbolicSizesIsLeftToRunTime() {
        assertEquals(new OutputChoice(0, false, null), OutputChoice.of(facts(Map.of(),
                output("p", "float", "batch", 6L, "h", "w")), 256, 64));
        assertEquals(OutputChoice.UNKNOWN, OutputChoice.of(null, 256, 64));
    }

    @Test
    void fixedOutputsThatFitNoTileAreRefusedBeforeQueueingQuotingEachOne() {
        // The peer model of issue #14: 484 x 484 answers for 512 tiles need ModelPadding 14, run with 64.
        String message = OutputChoice.of(facts(Map.of(), output("logits", "float", 1L, 2L, 484L, 484L)), 512, 64)
                .problem();

        assertTrue(message.contains("logits: float [1, 2, 484, 484]"), message);
        assertTrue(message.contains("its core (384)"), message);
        assertEquals(new OutputChoice(0, false, null), OutputChoice.of(facts(Map.of(),
                output("logits", "float", 1L, 2L, 484L, 484L)), 512, 14));
    }

    private static OnnxModelFacts facts(Map<String, String> ops, OnnxModelFacts.TensorFacts... outputs) {
        return new OnnxModelFacts(8, "test", "", Map.of("", 13L), List.of(output("image", "float", 1L, 3L, 256L, 256L)),
                Arrays.asList(outputs), Map.of(), ops);
    }

    private static OnnxModelFacts.TensorFacts output(String name, String type, Object... dims) {
        List<OnnxModelFacts.Dimension> shape = new ArrayList<>();
        for (Object dim : dims) {
            shape.add(dim instanceof Long size ? new OnnxModelFacts.Dimension(size, null)
                    : new OnnxModelFacts.Dimension(null, (String) dim));
        }
        return new OnnxModelFacts.TensorFacts(name, type, shape);
    }
}
