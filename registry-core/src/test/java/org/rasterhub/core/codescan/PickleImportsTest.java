package org.rasterhub.core.codescan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rasterhub.core.codescan.PickleImports.PYTHON;
import static org.rasterhub.core.codescan.PickleImports.TORCHSCRIPT;

import org.junit.jupiter.api.Test;
import org.rasterhub.core.codescan.PickleImports.Verdict;

class PickleImportsTest {

    @Test
    void allowsTheGlobalsTorchSaveWritesForTensorsAndStorages() {
        assertEquals(Verdict.SAFE, PYTHON.classify("torch._utils", "_rebuild_tensor_v2"));
        assertEquals(Verdict.SAFE, PYTHON.classify("torch._utils", "_rebuild_parameter"));
        assertEquals(Verdict.SAFE, PYTHON.classify("torch", "BFloat16Storage"));
        assertEquals(Verdict.SAFE, PYTHON.classify("torch.cuda", "HalfStorage"));
        assertEquals(Verdict.SAFE, PYTHON.classify("collections", "OrderedDict"));
    }

    @Test
    void allowsTheGlobalsNumpyArraysPickleTo() {
        assertEquals(Verdict.SAFE, PYTHON.classify("numpy.core.multiarray", "_reconstruct"));
        assertEquals(Verdict.SAFE, PYTHON.classify("numpy", "dtype"));
        assertEquals(Verdict.SAFE, PYTHON.classify("_codecs", "encode"));
    }

    @Test
    void flagsEveryNameOfAModuleThatRunsProgramsOrOpensSockets() {
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("nt", "system"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("os.path", "join"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("runpy", "run_path"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("socket", "create_connection"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("webbrowser", "open"));
    }

    @Test
    void flagsTheBuiltinsThatEvaluateCodeOrReachAttributes() {
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("builtins", "getattr"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("__builtin__", "eval"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("builtins", "eval.__call__"));
        assertEquals(Verdict.SAFE, PYTHON.classify("builtins", "set"));
    }

    @Test
    void flagsTorchLoadingEmbeddedBytesItWouldUnpickleUnchecked() {
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("torch.storage", "_load_from_bytes"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("torch", "load"));
    }

    @Test
    void flagsADottedNameThatWalksFromAnAllowedModuleToADangerousOne() {
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("torch", "os.system"));
        assertEquals(Verdict.DANGEROUS, PYTHON.classify("collections", "OrderedDict.__init__.__globals__"));
        assertEquals(Verdict.UNKNOWN, PYTHON.classify("torch", "FloatStorage.from_file"));
    }

    @Test
    void leavesEverythingElseUnknown() {
        assertEquals(Verdict.UNKNOWN, PYTHON.classify("__main__", "UNet"));
        assertEquals(Verdict.UNKNOWN, PYTHON.classify("fastai.learner", "Learner"));
        assertEquals(Verdict.UNKNOWN, PYTHON.classify("functools", "partial"));
    }

    @Test
    void acceptsTorchScriptClassesOnlyWhereLibtorchResolvesThem() {
        assertEquals(Verdict.UNKNOWN, PYTHON.classify("__torch__.model", "UNet"));
        assertEquals(Verdict.SAFE, TORCHSCRIPT.classify("__torch__.model", "UNet"));
        assertEquals(Verdict.SAFE, TORCHSCRIPT.classify("torch.jit._pickle", "build_intlist"));
        assertEquals(Verdict.DANGEROUS, TORCHSCRIPT.classify("posix", "system"));
    }
}
