package org.rasterhub.portal.catalog;

import java.util.List;

/**
 * A file inside a package: size, SHA-256, and what the code scan found.
 *
 * @param kind        e.g. "ONNX model", "pickled PyTorch weights", "Python source"
 * @param executable  Python source or anything holding a pickle: stored inert, never run
 * @param runnable    whether an engine of this RasterHub can run it as a model
 * @param assessment  one line for people on the above
 * @param imports     what its pickles would import when loaded
 */
public record FileInfo(String path, long size, String sha256, String kind, boolean executable, boolean runnable,
                       String assessment, List<String> imports) {
}
