package org.rasterhub.runner.preflight;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.ingest.ModelContractJudge;
import org.rasterhub.runner.contract.OnnxFactsJson;
import org.rasterhub.runner.contract.OnnxModelFacts;
import org.rasterhub.runner.contract.OutputChoice;
import org.rasterhub.runner.detect.YoloOutputs;

/**
 * The runner's judgement of an ONNX model file at upload: its facts are recorded, and everything a
 * run with the definition's own tile, padding and bands could not do is said then, as the pre-flight
 * check would say it before a run: the input's bands, size, count and type ({@link
 * ModelContractCheck}), a pixel classifier whose fixed outputs fit no tile ({@link OutputChoice}), a
 * detector whose outputs follow no convention the runner reads.
 */
public final class UploadContractJudge implements ModelContractJudge {

    @Override
    public Judgement judge(ModelDefinition emd, String modelPath, Path modelFile) {
        OnnxModelFacts facts;
        try {
            facts = OnnxModelFacts.read(modelFile);
        } catch (IOException e) {
            return new Judgement(null, List.of(modelPath + ": " + e.getMessage() + "; RasterHub cannot read what it"
                    + " takes and returns. Export it again (torch.onnx.export, tf2onnx) and upload that"));
        }
        List<PreflightFinding> findings = new ArrayList<>();
        ModelContractCheck.check(emd, modelPath, facts, findings);
        List<String> problems = new ArrayList<>();
        findings.forEach(f -> problems.add(f.subject() + ": " + f.message()));
        int tile = emd.imageHeight().orElse(256);
        int padding = defaultPadding(emd, tile);
        if (emd.modelType().equals("ImageClassification")) {
            String problem = OutputChoice.of(facts, tile, padding).problem();
            if (problem != null) {
                problems.add(modelPath + ": " + problem);
            }
        } else if (emd.modelType().equals("ObjectDetection")) {
            detectionProblem(facts, emd.classes().size()).ifPresent(p -> problems.add(modelPath + ": " + p));
        }
        return new Judgement(OnnxFactsJson.write(facts), problems);
    }

    // As the runs' default: ModelPadding where it fits the tile, else a quarter tile.
    private static int defaultPadding(ModelDefinition emd, int tile) {
        var padding = emd.document().get("ModelPadding");
        return padding != null && padding.canConvertToInt() && padding.asInt() >= 0 && 2 * padding.asInt() < tile
                ? padding.asInt() : tile / 4;
    }

    // One rank-3 output is a YOLO head; two to four are the Object Detection API's; the rest fit nothing.
    private static java.util.Optional<String> detectionProblem(OnnxModelFacts facts, int classes) {
        List<OnnxModelFacts.TensorFacts> outputs = facts.outputs();
        if (outputs.size() >= 2 && outputs.size() <= 4) {
            return java.util.Optional.empty();
        }
        if (outputs.size() == 1 && outputs.get(0).shape() != null && outputs.get(0).shape().size() == 3) {
            OnnxModelFacts.TensorFacts head = outputs.get(0);
            if (!head.shape().get(1).fixed() || !head.shape().get(2).fixed()
                    || YoloOutputs.describe(new long[] {1, head.shape().get(1).size(), head.shape().get(2).size()},
                            classes).isPresent()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("its output " + head + " is no YOLO head for the definition's " + classes
                    + " classes ([N, 4 + " + classes + ", anchors] or [N, anchors, 5 + " + classes + "]); list the"
                    + " model's classes in Classes, in the model's order");
        }
        return java.util.Optional.of("its outputs " + outputs + " follow no detection convention RasterHub reads:"
                + " the Object Detection API's boxes, scores and classes, or one YOLO head; export with those");
    }
}
