package org.rasterhub.runner.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rasterhub.runner.testmodels.TinyOnnxModels;

class OnnxModelFactsTest {
    @TempDir Path tmp;

    @Test
    void symbolicAndFixedDimensionsTypesOpsetAndProducerAreReadWithoutTheWeightsBecomingInputs() throws Exception {
        Path file = TinyOnnxModels.write(tmp.resolve("wins.onnx"), TinyOnnxModels.brightestBandWins(4));

        OnnxModelFacts facts = OnnxModelFacts.read(file);

        assertEquals(TinyOnnxModels.IR_VERSION, facts.irVersion());
        assertEquals("rasterhub-tests", facts.producer());
        assertEquals(Map.of("", TinyOnnxModels.OPSET), facts.opsets());
        assertEquals(1, facts.inputs().size(), "the initialiser is no input: " + facts.inputs());
        assertEquals("image: float [1, 4, height, width]", facts.inputs().get(0).toString());
        assertEquals("classes: int64 [1, height, width]", facts.outputs().get(0).toString());
        assertTrue(facts.inputs().get(0).shape().get(1).fixed());
        assertEquals("height", facts.inputs().get(0).shape().get(2).name());
        assertEquals(Map.of(), facts.metadata());
        assertEquals(Map.of("classes", "ArgMax"), facts.outputOps());
    }

    @Test
    void theOperatorComputingEachOutputIsRead() throws Exception {
        Path sigmoid = TinyOnnxModels.write(tmp.resolve("sigmoid.onnx"), TinyOnnxModels.bandsAboveSigmoid(3, 0.5f));
        Path aux = TinyOnnxModels.write(tmp.resolve("aux.onnx"), TinyOnnxModels.auxiliaryOutputFirst(3));

        assertEquals(Map.of(TinyOnnxModels.OUTPUT, "Sigmoid"), OnnxModelFacts.read(sigmoid).outputOps());
        assertEquals(Map.of("aux", "ReduceMean", TinyOnnxModels.OUTPUT, "Conv"), OnnxModelFacts.read(aux).outputOps());
    }

    @Test
    void metadataPropsAreReadInFileOrder() throws Exception {
        Map<String, String> deepness = new java.util.LinkedHashMap<>();
        deepness.put("model_type", "Segmentor");
        deepness.put("class_names", "{\"0\": \"background\", \"1\": \"water\"}");
        deepness.put("resolution", "10");
        Path file = TinyOnnxModels.write(tmp.resolve("binary.onnx"), TinyOnnxModels.binaryWithMetadata(3, 256,
                deepness));

        OnnxModelFacts facts = OnnxModelFacts.read(file);

        assertEquals(List.copyOf(deepness.entrySet()), List.copyOf(facts.metadata().entrySet()));
        assertEquals("image: float [1, 3, 256, 256]", facts.inputs().get(0).toString());
        assertEquals("classes: float [1, 1, 256, 256]", facts.outputs().get(0).toString());
    }

    @Test
    void truncatedOrForeignBytesAreRefusedAsUnreadableNeverWithAnUncheckedException() throws Exception {
        byte[] model = TinyOnnxModels.brightestBandWins(3);
        for (int cut : new int[] {1, 5, model.length / 2, model.length - 1}) {
            byte[] truncated = Arrays.copyOf(model, cut);
            IOException refused = assertThrows(IOException.class,
                    () -> OnnxModelFacts.read(new ByteArrayInputStream(truncated), truncated.length), "cut " + cut);
            assertTrue(refused.getMessage().startsWith("not a readable ONNX model: "), refused.getMessage());
        }
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            try {
                OnnxModelFacts.read(new ByteArrayInputStream(noise), noise.length);
            } catch (IOException expected) {
                assertTrue(expected.getMessage().startsWith("not a readable ONNX model: "), expected.getMessage());
            }
        }
    }

    @Test
    void aLengthBeyondItsMessageIsRefusedBeforeAnythingIsAllocated() {
        // graph (field 7, length-delimited) claiming 2 GB in an 8-byte file
        byte[] liar = {0x08, 0x08, 0x3a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        IOException refused = assertThrows(IOException.class,
                () -> OnnxModelFacts.read(new ByteArrayInputStream(liar), liar.length));
        assertTrue(refused.getMessage().contains("overruns"), refused.getMessage());
    }
}
