/**
 * Tiny real models built in Java for tests, with weights chosen so that the right answer is known for
 * any input. One graph builder ({@code OnnxGraph}) writes every ONNX model byte by byte
 * ({@code ProtoWriter}) from the field numbers of {@code onnx/onnx.proto}; TorchScript archives
 * ({@code TinyTorchScriptModels}) are zips of pickles ({@code PickleWriter}), TorchScript source and
 * raw tensors laid out as {@code torch.jit.save} does. Neither Python nor code generation is needed
 * to make a model that ONNX Runtime or libtorch loads.
 */
package org.rasterhub.runner.testmodels;
