/**
 * What a model file says about itself, read without executing or loading it: for ONNX, the graph's
 * inputs and outputs with element types and fixed or symbolic dimensions, opsets, producer and
 * {@code metadata_props} ({@link org.rasterhub.runner.contract.OnnxModelFacts}). The runner's contract
 * with a model (layout, batch, what the output covers) is decided from these facts and the {@code .emd}
 * (issue #14).
 */
package org.rasterhub.runner.contract;
