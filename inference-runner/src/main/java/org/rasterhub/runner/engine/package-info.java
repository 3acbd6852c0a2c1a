/**
 * Running trained models: {@link org.rasterhub.runner.engine.InferenceModels#load} loads an ONNX file
 * into DJL's ONNX Runtime engine ({@link org.rasterhub.runner.engine.OnnxModel}, CPU or GPU) or a
 * TorchScript archive into DJL's PyTorch engine ({@link org.rasterhub.runner.engine.TorchScriptModel},
 * CPU), naming the engine explicitly so DJL never picks one by default, and keeping ONNX Runtime from
 * starting PyTorch as its alternative engine. Pickled PyTorch is refused, never unpickled. Inputs and
 * outputs cross this boundary as plain Java arrays with a shape
 * ({@link org.rasterhub.runner.engine.Tensor}), so no DJL or engine type, and no native memory, escapes
 * to tiling or output code.
 */
package org.rasterhub.runner.engine;
