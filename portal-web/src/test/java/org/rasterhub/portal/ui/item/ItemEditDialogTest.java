package org.rasterhub.portal.ui.item;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ItemEditDialogTest {

    @Test
    void tagsAreSplitAtCommasAndBlankOnesDropped() {
        assertEquals(List.of("land cover", "sentinel-2", "x"), ItemEditDialog.tags(" land cover, sentinel-2,, x ,"));
        assertEquals(List.of(), ItemEditDialog.tags("  "));
    }
}
