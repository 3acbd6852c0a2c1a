/**
 * Tiny real ONNX models built in Java for tests, with weights chosen so that the right answer is
 * known for any input. The ONNX protobuf is written byte by byte ({@code ProtoWriter}) from the field
 * numbers of {@code onnx/onnx.proto}, so neither Python nor protobuf code generation is needed to
 * make a model that ONNX Runtime loads.
 */
package org.rasterhub.runner.testmodels;
