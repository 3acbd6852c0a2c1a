package org.rasterhub.core.emd;

/**
 * One entry of {@code ExtractBands}: a band of the imagery the model reads, by 0-based index or by
 * name, as the {@code .emd} wrote it.
 */
public sealed interface ExtractBand permits ExtractBand.Index, ExtractBand.Name {

    /** A 0-based band index. */
    record Index(int value) implements ExtractBand {
        public Index {
            if (value < 0) {
                throw new IllegalArgumentException("band index must be 0 or more, was " + value);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** A band name such as "NIR". */
    record Name(String value) implements ExtractBand {
        public Name {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("band name must not be empty");
            }
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }
}
