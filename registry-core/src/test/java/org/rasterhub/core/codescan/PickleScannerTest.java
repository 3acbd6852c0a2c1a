package org.rasterhub.core.codescan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rasterhub.core.codescan.PickleBytes.aPickle;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PickleScannerTest {
    private final PickleScanner scanner = new PickleScanner();

    @Test
    void findsOsSystemInAProtocol0Pickle() throws Exception {
        PickleReport report = scanner.scan(PickleBytes.osSystemProtocol0());

        assertEquals(List.of("os.system"), report.imports());
        assertEquals(List.of("os.system"), report.dangerous());
        assertEquals(0, report.protocol());
    }

    @Test
    void findsTheCallableOfAProtocol2GlobalAndReduce() throws Exception {
        byte[] pickle = aPickle().proto(2).global("posix", "system").binPut(0)
                .binUnicode("echo hi").binPut(1).tuple1().binPut(2).reduce().binPut(3).stop().build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of("posix.system"), report.dangerous());
        assertEquals(2, report.protocol());
    }

    @Test
    void resolvesProtocol4StackGlobalsWhoseModuleNameIsReusedFromTheMemo() throws Exception {
        byte[] pickle = aPickle().proto(4).framed(aPickle()
                .shortBinUnicode("collections").memoize()          // memo 0: a decoy the attack never uses
                .shortBinUnicode("os").memoize()                   // memo 1
                .shortBinUnicode("getcwd").memoize()               // memo 2
                .stackGlobal().memoize().emptyTuple().reduce().memoize()
                .binGet(1).shortBinUnicode("system").memoize()     // "os" again, from the memo
                .stackGlobal().memoize().shortBinUnicode("echo hi").memoize().tuple1().reduce()
                .stop()).build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of("os.getcwd", "os.system"), report.imports());
        assertEquals(List.of("os.getcwd", "os.system"), report.dangerous());
        assertEquals(4, report.protocol());
    }

    @Test
    void acceptsWhatTorchSaveWritesForAStateDict() throws Exception {
        PickleReport report = scanner.scan(PickleBytes.torchStateDict());

        assertEquals(List.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage"),
                report.imports());
        assertTrue(report.onlyKnownSafeImports(),
                () -> "dangerous " + report.dangerous() + ", unknown " + report.unknown());
    }

    @Test
    void refusesAStackGlobalOnComputedNamesAsUnresolvedRatherThanGuessing() throws Exception {
        // The names STACK_GLOBAL takes are call results; the strings pushed before are decoys.
        byte[] pickle = aPickle().proto(4)
                .shortBinUnicode("collections").shortBinUnicode("OrderedDict").op('0').op('0')
                .global("_codecs", "decode").shortBinUnicode("bf").shortBinUnicode("rot13").op(0x86).reduce()
                .global("_codecs", "decode").shortBinUnicode("flfgrz").shortBinUnicode("rot13").op(0x86).reduce()
                .stackGlobal().stop().build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of("_codecs.decode",
                "unresolved import at byte 92 (STACK_GLOBAL with a module or name computed at load time)"),
                report.imports());
        assertEquals(report.imports(), report.dangerous(), "fails closed: what cannot be named is dangerous");
        assertEquals(List.of(), report.unknown());
    }

    @Test
    void refusesANameComputedByStrOfLatin1BytesFeedingStackGlobal() throws Exception {
        // str(b"os", "latin1") and str(b"system", "latin1"): allow-listed builtins computing the names.
        byte[] pickle = aPickle().proto(4)
                .global("builtins", "str").shortBinBytes("os".getBytes(StandardCharsets.ISO_8859_1))
                .shortBinUnicode("latin1").op(0x86).reduce()
                .global("builtins", "str").shortBinBytes("system".getBytes(StandardCharsets.ISO_8859_1))
                .shortBinUnicode("latin1").op(0x86).reduce()
                .stackGlobal().shortBinUnicode("id").op(0x85).reduce().stop().build();

        PickleReport report = scanner.scan(pickle);

        assertTrue(report.dangerous().stream().anyMatch(d -> d.startsWith("unresolved import at byte")),
                report.toString());
        assertTrue(report.dangerous().stream().anyMatch(d -> d.startsWith("call at byte")), report.toString());
        assertTrue(!report.onlyKnownSafeImports());
    }

    @Test
    void refusesExtensionRegistryCodesByNumber() throws Exception {
        byte[] pickle = aPickle().proto(2).op(0x82).op(42).emptyTuple().reduce().stop().build();

        PickleReport report = scanner.scan(pickle);

        assertTrue(report.dangerous().contains("extension registry code 42"), report.toString());
    }

    @Test
    void aCallOfAGlobalNotOnTheAllowListIsDangerous() throws Exception {
        byte[] pickle = aPickle().proto(2).global("mypackage.models", "UNet").emptyTuple().reduce().stop().build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of("mypackage.models.UNet"), report.dangerous());
        assertEquals(List.of(), report.unknown());
    }

    @Test
    void anUnknownGlobalPassedToAnAllowListedCallIsDangerous() throws Exception {
        // copyreg._reconstructor(cls, object, None) builds an instance whose __setstate__ then runs.
        byte[] pickle = aPickle().proto(2).global("copyreg", "_reconstructor")
                .global("mypackage.models", "UNet").global("builtins", "object").op('N').op(0x87).reduce()
                .stop().build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of("mypackage.models.UNet"), report.dangerous());
    }

    @Test
    void anUnknownGlobalInAPickleThatCallsNothingStaysUnknown() throws Exception {
        byte[] pickle = aPickle().proto(2).global("mypackage.models", "UNet").stop().build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of("mypackage.models.UNet"), report.unknown());
        assertEquals(List.of(), report.dangerous());
    }

    @Test
    void findsTheClassesThatInstAndObjInstantiate() throws Exception {
        byte[] inst = aPickle().text("(S'ls'\nisubprocess\nPopen\n.").build();
        byte[] obj = aPickle().text("(cbuiltins\nexec\nS'print(1)'\no.").build();

        assertEquals(List.of("subprocess.Popen"), scanner.scan(inst).dangerous());
        assertEquals(List.of("builtins.exec"), scanner.scan(obj).dangerous());
    }

    @Test
    void decodesEscapedProtocol0StringsBeforeNamingAnImport() throws Exception {
        // "o\x73" and "\u0073ystem" hide os.system from a search for the plain text.
        byte[] pickle = aPickle().text("S'o\\x73'\nV\\u0073ystem\n").stackGlobal().stop().build();

        assertEquals(List.of("os.system"), scanner.scan(pickle).dangerous());
    }

    @Test
    void skipsEveryArgumentInsteadOfReadingItAsOpcodes() throws Exception {
        byte[] hidden = "cos\nsystem\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] pickle = aPickle().proto(5).framed(aPickle()
                .mark()
                .shortBinBytes(hidden)
                .op('B').littleEndian(hidden.length, 4).bytes(hidden)                  // BINBYTES
                .op(0x8e).littleEndian(hidden.length, 8).bytes(hidden)                 // BINBYTES8
                .op(0x96).littleEndian(hidden.length, 8).bytes(hidden)                 // BYTEARRAY8
                .op('T').littleEndian(hidden.length, 4).bytes(hidden)                  // BINSTRING
                .op('U').op(hidden.length).bytes(hidden)                               // SHORT_BINSTRING
                .op(0x8d).littleEndian(hidden.length, 8).bytes(hidden)                 // BINUNICODE8
                .op(0x8a).op(hidden.length).bytes(hidden)                              // LONG1
                .op(0x8b).littleEndian(hidden.length, 4).bytes(hidden)                 // LONG4
                .op('J').bytes(new byte[] {'c', 'o', 's', '\n'})                       // BININT
                .op('M').bytes(new byte[] {'c', 'o'}).binInt1('c')                     // BININT2, BININT1
                .op('G').bytes("cos\nsyst".getBytes(StandardCharsets.ISO_8859_1))      // BINFLOAT
                .text("I12\nL34L\nF1.5\n")                                             // INT, LONG, FLOAT
                .text("V\\u0063os\n")                                                  // UNICODE
                .op(0x88).op(0x89).op('N')                                             // NEWTRUE, NEWFALSE, NONE
                .op('l').op(0x8f).mark().op(0x91)                                      // LIST, EMPTY_SET, FROZENSET
                .op('0')                                                               // POP
                .stop()).build();

        PickleReport report = scanner.scan(pickle);

        assertEquals(List.of(), report.imports());
        assertEquals(5, report.protocol());
    }

    @Test
    void readsExactlyOnePickleSoTheNextCanFollowInTheSameStream() throws Exception {
        byte[] two = aPickle().proto(2).binInt1(1).stop().bytes(PickleBytes.osSystemProtocol0()).build();
        InputStream in = new ByteArrayInputStream(two);

        assertEquals(List.of(), scanner.scan(in).imports());
        assertEquals(List.of("os.system"), scanner.scan(in).imports());
    }

    @Test
    void failsWithTheOffsetAndOpcodeOfATruncatedArgument() {
        byte[] whole = aPickle().proto(2).global("collections", "OrderedDict").binUnicode("weights").stop().build();
        byte[] cut = Arrays.copyOf(whole, whole.length - 4);

        var failure = assertThrows(MalformedPickleException.class, () -> scanner.scan(cut));

        assertEquals(27, failure.offset());
        assertEquals('X', failure.opcode());
        assertEquals("malformed pickle at byte 27 (opcode BINUNICODE, 0x58): the data ends inside the "
                + "opcode's argument; the pickle is truncated", failure.getMessage());
    }

    @Test
    void failsWhenThePickleEndsBeforeStop() {
        byte[] noStop = aPickle().proto(2).binInt1(7).build();

        var failure = assertThrows(MalformedPickleException.class, () -> scanner.scan(noStop));

        assertEquals(4, failure.offset());
        assertEquals(MalformedPickleException.NO_OPCODE, failure.opcode());
        assertTrue(failure.getMessage().contains("ends before the STOP opcode"), failure.getMessage());
    }

    @Test
    void failsOnAnOpcodeThePickleMachineDoesNotHave() {
        byte[] pickle = aPickle().proto(2).op(0xff).stop().build();

        var failure = assertThrows(MalformedPickleException.class, () -> scanner.scan(pickle));

        assertEquals(2, failure.offset());
        assertEquals(0xff, failure.opcode());
        assertEquals("malformed pickle at byte 2 (opcode 0xff): unknown opcode; Python's pickle machine "
                + "(protocols 0-5) has none with this code", failure.getMessage());
    }

    @Test
    void failsOnAProtocolNewerThanFive() {
        var failure = assertThrows(MalformedPickleException.class,
                () -> scanner.scan(aPickle().proto(6).stop().build()));

        assertTrue(failure.getMessage().endsWith("unsupported protocol 6; Python reads 0 to 5"), failure.getMessage());
    }

    @Test
    void failsWhenAnOpcodeFindsTheStackEmpty() {
        var failure = assertThrows(MalformedPickleException.class,
                () -> scanner.scan(aPickle().proto(2).reduce().stop().build()));

        assertTrue(failure.getMessage().contains("REDUCE finds the stack empty"), failure.getMessage());
    }

    @Test
    void failsWhenAMemoEntryIsReadBeforeItIsStored() {
        var failure = assertThrows(MalformedPickleException.class,
                () -> scanner.scan(aPickle().proto(2).binGet(3).stackGlobal().stop().build()));

        assertTrue(failure.getMessage().endsWith("memo entry 3 was never stored"), failure.getMessage());
    }

    @Test
    void stopsAtTheByteLimitInsteadOfReadingOn() {
        PickleScanner small = new PickleScanner(16, PickleImports.PYTHON);
        byte[] pickle = aPickle().proto(2).binUnicode("x".repeat(100)).stop().build();

        var failure = assertThrows(MalformedPickleException.class, () -> small.scan(pickle));

        assertTrue(failure.getMessage().contains("runs past the scan limit of 16 bytes"), failure.getMessage());
    }

    @Test
    void refusesAnArgumentLengthBeyondTheLimitWithoutAllocatingIt() {
        byte[] pickle = aPickle().proto(4).op(0x8e).littleEndian(Long.MAX_VALUE, 8).stop().build();

        var failure = assertThrows(MalformedPickleException.class, () -> scanner.scan(pickle));

        assertEquals(2, failure.offset());
        assertTrue(failure.getMessage().contains("runs past the scan limit"), failure.getMessage());
    }

    @Test
    void knowsAllSixtyEightOpcodesOfPickletools() {
        assertEquals(68, PickleOpcode.values().length);
        assertEquals(PickleOpcode.READONLY_BUFFER, PickleOpcode.of(0x98));
        assertEquals(PickleOpcode.STACK_GLOBAL, PickleOpcode.of(0x93));
    }
}
