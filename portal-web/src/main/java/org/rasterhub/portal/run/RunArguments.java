package org.rasterhub.portal.run;

/**
 * The arguments of a Classify Pixels run; null means "the default from the .emd" (tile size:
 * ImageHeight; padding: a quarter of the tile; batch size: BatchSize, else 1).
 */
public record RunArguments(Integer tileSize, Integer padding, Integer batchSize, String processorType) {

    public static RunArguments defaults() {
        return new RunArguments(null, null, null, "CPU");
    }

    boolean gpuRequested() {
        return processorType != null && processorType.equalsIgnoreCase("GPU");
    }
}
