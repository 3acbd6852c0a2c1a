package org.rasterhub.core.codescan;

/**
 * A pickle could not be scanned to its end: an opcode the pickle machine does not have, data that
 * stops before STOP, an argument that breaks the format, or a pickle beyond the scan limits. The
 * imports found before the failure are not reported: a partly read pickle proves nothing.
 */
public final class MalformedPickleException extends Exception {
    /** Stands for "no opcode": the stream ended where an opcode was expected. */
    public static final int NO_OPCODE = -1;

    private final long offset;
    private final int opcode;
    private final String problem;

    /**
     * @param offset  byte offset of the opcode being read, from the start of the scanned stream
     * @param opcode  the opcode byte 0-255, or {@link #NO_OPCODE}
     * @param problem what is wrong, without the location
     */
    public MalformedPickleException(long offset, int opcode, String problem) {
        super("malformed pickle at byte " + offset + describe(opcode) + ": " + problem);
        this.offset = offset;
        this.opcode = opcode;
        this.problem = problem;
    }

    public long offset() {
        return offset;
    }

    /** The opcode byte 0-255, or {@link #NO_OPCODE}. */
    public int opcode() {
        return opcode;
    }

    public String problem() {
        return problem;
    }

    private static String describe(int opcode) {
        if (opcode == NO_OPCODE) {
            return "";
        }
        PickleOpcode known = PickleOpcode.of(opcode & 0xff);
        String hex = String.format("0x%02x", opcode & 0xff);
        return known == null ? " (opcode " + hex + ")" : " (opcode " + known.name() + ", " + hex + ")";
    }
}
