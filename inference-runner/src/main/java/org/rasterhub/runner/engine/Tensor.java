package org.rasterhub.runner.engine;

/** A dense row-major tensor held in a Java array: model input or output. */
public sealed interface Tensor permits FloatTensor, LongTensor {

    /** Dimensions, outermost first; a copy. */
    long[] shape();

    /** Number of elements, the product of the shape. */
    default long size() {
        return Shapes.elementCount(shape());
    }
}
