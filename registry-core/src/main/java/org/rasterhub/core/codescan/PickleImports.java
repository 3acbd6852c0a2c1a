package org.rasterhub.core.codescan;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sorts the globals a pickle names into safe, dangerous and unknown. The allow-list is what
 * {@code torch.save} of a state dict, numpy arrays and the standard containers write; names are
 * matched exactly, since pickle resolves dotted names attribute by attribute ({@code torch} +
 * {@code os.system} reaches {@code os.system} through torch's own {@code import os}). The deny-list
 * only sharpens the message: whatever is not allowed is, at best, unknown.
 */
enum PickleImports {
    /** Loaded by Python: {@code pickle.load}, {@code torch.load}, joblib. */
    PYTHON,
    /**
     * Loaded by libtorch's own unpickler ({@code torch.jit.load}, DJL's PyTorch engine), which
     * resolves {@code __torch__.*} to the archive's TorchScript classes and refuses unknown globals.
     */
    TORCHSCRIPT;

    enum Verdict { SAFE, DANGEROUS, UNKNOWN }

    private static final Set<String> BUILTIN_MODULES = Set.of("builtins", "__builtin__");

    private static final Map<String, Set<String>> SAFE = Map.ofEntries(
            Map.entry("collections", Set.of("OrderedDict", "defaultdict", "deque", "Counter")),
            Map.entry("builtins", Set.of("set", "frozenset", "bytearray", "bytes", "slice", "complex", "range",
                    "object", "int", "float", "str", "list", "dict", "tuple", "bool")),
            Map.entry("__builtin__", Set.of("set", "frozenset", "bytearray", "bytes", "slice", "complex", "xrange",
                    "object", "int", "float", "str", "list", "dict", "tuple", "bool", "unicode", "long")),
            // protocol 2 writes bytes as _codecs.encode(text, "latin1")
            Map.entry("_codecs", Set.of("encode")),
            Map.entry("copyreg", Set.of("_reconstructor")),
            Map.entry("copy_reg", Set.of("_reconstructor")),
            Map.entry("torch._utils", Set.of("_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3",
                    "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor",
                    "_rebuild_sparse_tensor", "_rebuild_nested_tensor", "_rebuild_meta_tensor_no_storage",
                    "_rebuild_wrapper_subclass", "_rebuild_device_tensor_from_numpy")),
            Map.entry("torch._tensor", Set.of("_rebuild_from_type_v2")),
            Map.entry("torch.serialization", Set.of("_get_layout")),
            Map.entry("torch.storage", Set.of("UntypedStorage", "TypedStorage")),
            Map.entry("torch.nn.parameter", Set.of("Parameter")),
            Map.entry("torch", Set.of("Size", "device", "dtype", "Tensor", "finfo", "iinfo",
                    // dtypes, memory formats and layouts pickle as module attributes
                    "float32", "float", "float64", "double", "float16", "half", "bfloat16", "complex32", "chalf",
                    "complex64", "cfloat", "complex128", "cdouble", "uint8", "uint16", "uint32", "uint64", "int8",
                    "int16", "short", "int32", "int", "int64", "long", "bool", "qint8", "quint8", "qint32",
                    "quint4x2", "quint2x4", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
                    "contiguous_format", "channels_last", "channels_last_3d", "preserve_format",
                    "strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc")),
            Map.entry("numpy", Set.of("dtype", "ndarray")),
            Map.entry("numpy.core.multiarray", Set.of("_reconstruct", "scalar")),
            Map.entry("numpy._core.multiarray", Set.of("_reconstruct", "scalar")),
            Map.entry("numpy.core.numeric", Set.of("_frombuffer")),
            Map.entry("numpy._core.numeric", Set.of("_frombuffer")));

    // torch.FloatStorage, torch.cuda.HalfStorage, …: a class name, never a dotted path.
    private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Za-z0-9]+Storage");
    // numpy 2 pickles dtypes by class: numpy.dtypes.Float32DType.
    private static final Pattern NUMPY_DTYPE_CLASS = Pattern.compile("[A-Za-z0-9]+DType");

    // Whole modules, with their submodules, that exist to run programs, touch files or the network, or load code.
    private static final Set<String> DANGEROUS_MODULES = Set.of(
            "os", "posix", "nt", "subprocess", "commands", "popen2", "pty", "runpy", "socket", "shutil",
            "webbrowser", "sys", "ctypes", "importlib", "imp", "code", "codeop", "pdb", "bdb", "timeit",
            "platform", "multiprocessing", "asyncio", "signal", "threading", "_thread", "thread", "types",
            "pickle", "_pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "tempfile",
            "urllib", "urllib2", "urllib3", "http", "httplib", "requests", "aiohttp", "ftplib", "smtplib",
            "telnetlib", "xmlrpc", "pip", "setuptools", "distutils",
            "torch.hub", "torch._inductor", "torch.utils.cpp_extension");

    // Attribute steps that climb from a harmless object to the interpreter's internals; in a dotted
    // name they make any module dangerous: collections + OrderedDict.__init__.__globals__.
    private static final Set<String> ESCAPE_ATTRIBUTES = Set.of("__globals__", "__builtins__", "__subclasses__",
            "__class__", "__base__", "__bases__", "__mro__", "__dict__", "__getattribute__", "__code__",
            "__closure__", "__import__", "__loader__", "__spec__", "__self__", "__func__", "__reduce__",
            "__reduce_ex__", "__call__", "__init_subclass__");

    private static final Map<String, Set<String>> DANGEROUS_NAMES = Map.ofEntries(
            Map.entry("builtins", Set.of("eval", "exec", "compile", "open", "getattr", "setattr", "delattr",
                    "__import__", "breakpoint", "input", "globals", "locals", "vars", "help")),
            Map.entry("__builtin__", Set.of("eval", "exec", "execfile", "compile", "open", "file", "getattr",
                    "setattr", "delattr", "__import__", "apply", "input", "raw_input", "globals", "locals", "vars")),
            Map.entry("io", Set.of("open", "open_code", "FileIO")),
            Map.entry("_io", Set.of("open", "open_code", "FileIO")),
            Map.entry("operator", Set.of("attrgetter", "methodcaller")),
            // Loads another pickle from a path or from embedded bytes this scan never sees inside.
            Map.entry("torch", Set.of("load")),
            Map.entry("torch.serialization", Set.of("load")),
            Map.entry("torch.storage", Set.of("_load_from_bytes")),
            Map.entry("torch.jit", Set.of("load")),
            Map.entry("numpy", Set.of("load")),
            Map.entry("numpy.testing._private.utils", Set.of("runstring")),
            Map.entry("joblib", Set.of("load")));

    Verdict classify(String module, String name) {
        if (isDangerous(module, name)) {
            return Verdict.DANGEROUS;
        }
        if (this == TORCHSCRIPT && (module.equals("__torch__") || module.startsWith("__torch__.")
                || module.equals("torch.jit._pickle"))) {
            return Verdict.SAFE;
        }
        return isAllowed(module, name) ? Verdict.SAFE : Verdict.UNKNOWN;
    }

    private static boolean isDangerous(String module, String name) {
        for (String dangerous : DANGEROUS_MODULES) {
            if (module.equals(dangerous) || module.startsWith(dangerous + ".")) {
                return true;
            }
        }
        String[] steps = name.split("\\.", -1);
        for (int i = 0; i < steps.length; i++) {
            // torch + "os.system": torch's own "import os" makes torch.os a way to reach os
            if (ESCAPE_ATTRIBUTES.contains(steps[i]) || i < steps.length - 1 && DANGEROUS_MODULES.contains(steps[i])) {
                return true;
            }
        }
        Set<String> names = DANGEROUS_NAMES.get(module);
        if (names == null) {
            return false;
        }
        // builtins + "eval.__call__" reaches eval as surely as "eval" does
        int dot = name.indexOf('.');
        return names.contains(dot < 0 ? name : name.substring(0, dot))
                || BUILTIN_MODULES.contains(module) && name.startsWith("__");
    }

    private static boolean isAllowed(String module, String name) {
        Set<String> names = SAFE.get(module);
        if (names != null && names.contains(name)) {
            return true;
        }
        if ((module.equals("torch") || module.equals("torch.cuda")) && STORAGE_CLASS.matcher(name).matches()) {
            return true;
        }
        return module.equals("numpy.dtypes") && NUMPY_DTYPE_CLASS.matcher(name).matches();
    }
}
