/**
 * Running trained models: {@link org.rasterhub.runner.engine.OnnxModel} loads an ONNX file into DJL
 * with the ONNX Runtime engine named explicitly, so a PyTorch engine elsewhere on the classpath can
 * never be picked up by default, and runs float32 NCHW tensors through it. Inputs and outputs cross
 * this boundary as plain Java arrays with a shape ({@link org.rasterhub.runner.engine.Tensor}), so
 * no DJL or ONNX Runtime type, and no native memory, escapes to tiling or output code.
 */
package org.rasterhub.runner.engine;
