package org.rasterhub.core.codescan;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What one file of a package is, whether it is code, what its pickles would import, and whether
 * RasterHub can run it.
 *
 * @param path         the entry path inside the package
 * @param kind         what the bytes are; the name decides only when the bytes do not
 * @param executable   true when loading the file runs code: Python source or bytecode, anything
 *                     holding a pickle, a Keras Lambda layer
 * @param pickles      every pickle scanned in the file, with what it would import
 * @param scanComplete false when some part that could hold code was not read to its end: a
 *                     malformed pickle or zip, an encrypted entry, a limit reached; the notes say which
 * @param runnableHere true when an engine of this installation can run the file as a model
 * @param reason       one line for a GIS analyst: what the file is and why it runs here or not
 * @param notes        what the scan could not check or found odd, one line each
 */
public record FileAssessment(String path, FileKind kind, boolean executable, List<ScannedPickle> pickles,
                             boolean scanComplete, boolean runnableHere, String reason, List<String> notes) {

    public FileAssessment {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("an assessment needs the entry path");
        }
        if (kind == null) {
            throw new IllegalArgumentException("an assessment needs a file kind");
        }
        if (reason == null || reason.isBlank() || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the reason must be one non-empty line, was \"" + reason + "\"");
        }
        pickles = List.copyOf(pickles);
        notes = List.copyOf(notes);
        if (!scanComplete && notes.isEmpty()) {
            throw new IllegalArgumentException("an incomplete scan must say in a note what was not read");
        }
        if (!pickles.isEmpty() && !executable) {
            throw new IllegalArgumentException("a file holding a pickle is executable");
        }
    }

    /** Every import of every pickle in the file, each once. */
    public List<String> imports() {
        return collect(PickleReport::imports);
    }

    /** The imports that can run commands, touch files or the network, or evaluate code. */
    public List<String> dangerousImports() {
        return collect(PickleReport::dangerous);
    }

    /** The imports on no list: someone must look before anyone loads the file in Python. */
    public List<String> unknownImports() {
        return collect(PickleReport::unknown);
    }

    private List<String> collect(Function<PickleReport, List<String>> part) {
        Set<String> all = new LinkedHashSet<>();
        for (ScannedPickle pickle : pickles) {
            all.addAll(part.apply(pickle.report()));
        }
        return List.copyOf(all);
    }
}
