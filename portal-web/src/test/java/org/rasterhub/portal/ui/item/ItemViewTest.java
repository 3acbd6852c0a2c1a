package org.rasterhub.portal.ui.item;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ItemViewTest {

    @Test
    void sizesAreShownInBinaryUnits() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
            assertEquals("0 B", ItemView.humanSize(0));
            assertEquals("1023 B", ItemView.humanSize(1023));
            assertEquals("1.0 KB", ItemView.humanSize(1024));
            assertEquals("1.5 MB", ItemView.humanSize(3L << 19));
            assertEquals("8.0 GB", ItemView.humanSize(8L << 30));
        } finally {
            Locale.setDefault(previous);
        }
    }
}
