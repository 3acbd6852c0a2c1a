package org.rasterhub.portal.it;

/** Model definitions of the tiny test models the ITs upload, shared so that each says the same thing. */
final class TestEmds {
    /** {@code TinyDetectionModels.squareDetector} over two bands: class 1 Car (red), 2 Boat (blue). */
    static final String SQUARES = """
            {"Framework": "Onnx", "ModelConfiguration": "ObjectDetectionAPI", "ModelFile": "squares.onnx",
             "ModelType": "ObjectDetection", "ImageHeight": 64, "ImageWidth": 64, "ExtractBands": [0, 1],
             "Classes": [{"Value": 1, "Name": "Car", "Color": [255, 0, 0]},
                         {"Value": 2, "Name": "Boat", "Color": [0, 0, 255]}]}
            """;

    private TestEmds() {
    }

    /**
     * {@code TinyOnnxModels.brightestBandWins(3)} as {@code brightest.onnx}: class 0 Red, 1 Green, 2 Blue,
     * whichever band is brightest, on tiles of {@code tileSize} pixels.
     */
    static String brightestBand(int tileSize) {
        return """
                {"Framework": "Onnx", "ModelConfiguration": "BrightestBand", "ModelFile": "brightest.onnx",
                 "ModelType": "ImageClassification", "ImageHeight": %1$d, "ImageWidth": %1$d, "ExtractBands": [0, 1, 2],
                 "Classes": [{"Value": 0, "Name": "Red", "Color": [230, 0, 0]},
                             {"Value": 1, "Name": "Green", "Color": [0, 200, 0]},
                             {"Value": 2, "Name": "Blue", "Color": [0, 0, 230]}]}
                """.formatted(tileSize);
    }
}
