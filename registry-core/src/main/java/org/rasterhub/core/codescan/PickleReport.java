package org.rasterhub.core.codescan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one pickle would import when Python loads it, found by reading its opcodes without running
 * them. Entries are {@code module.name} in the order first seen; an import that cannot be named (an
 * extension registry code, a module name computed at load time) is described in words.
 *
 * @param protocol  the protocol its PROTO opcode declares, or 0 when it has none (protocols 0 and 1)
 * @param imports   every global the pickle names, each once
 * @param dangerous the imports that can run commands, open files or sockets, or evaluate code
 * @param unknown   the imports on neither list, in a pickle that calls nothing (else they are dangerous):
 *                  importing them may still run module code, so someone must look
 */
public record PickleReport(int protocol, List<String> imports, List<String> dangerous, List<String> unknown) {
    public static final int HIGHEST_PROTOCOL = 5;

    public PickleReport {
        if (protocol < 0 || protocol > HIGHEST_PROTOCOL) {
            throw new IllegalArgumentException("protocol must be 0-" + HIGHEST_PROTOCOL + ", was " + protocol);
        }
        imports = List.copyOf(new LinkedHashSet<>(imports));
        dangerous = List.copyOf(new LinkedHashSet<>(dangerous));
        unknown = List.copyOf(new LinkedHashSet<>(unknown));
        if (!imports.containsAll(dangerous) || !imports.containsAll(unknown)) {
            throw new IllegalArgumentException("dangerous and unknown imports must be among the imports");
        }
        for (String name : dangerous) {
            if (unknown.contains(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is listed both dangerous and unknown");
            }
        }
    }

    /** True when every import is one that torch.save, numpy or the standard containers write. */
    public boolean onlyKnownSafeImports() {
        return dangerous.isEmpty() && unknown.isEmpty();
    }

    /** The imports on the allow-list. */
    public List<String> safe() {
        List<String> safe = new ArrayList<>(imports);
        safe.removeAll(dangerous);
        safe.removeAll(unknown);
        return List.copyOf(safe);
    }

    /** The imports of this pickle and then of {@code next}, as for one stream holding both. */
    PickleReport followedBy(PickleReport next) {
        return new PickleReport(Math.max(protocol, next.protocol),
                concat(imports, next.imports), concat(dangerous, next.dangerous), concat(unknown, next.unknown));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
