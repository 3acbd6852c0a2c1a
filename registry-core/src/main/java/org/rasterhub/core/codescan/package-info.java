/**
 * Finds the code in a model package without running any of it. A package is code: its {@code .py}
 * is imported by ArcGIS, and {@code .pth} weights are Python pickles, which call whatever functions
 * they name when loaded. {@link org.rasterhub.core.codescan.PackageFileScanner} tells each extracted
 * file's kind from its bytes, whether loading it runs code, and whether an engine here can run it;
 * {@link org.rasterhub.core.codescan.PickleScanner} lists what a pickle would import by reading its
 * opcodes, as Hugging Face's pickle scanning does. RasterHub only reads bytes: it never imports,
 * unpickles or executes package content, so a verdict here is advice to people, not a sandbox.
 */
package org.rasterhub.core.codescan;
