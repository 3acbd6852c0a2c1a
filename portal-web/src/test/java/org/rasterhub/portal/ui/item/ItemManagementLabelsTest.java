package org.rasterhub.portal.ui.item;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.portal.catalog.ItemDetails;

class ItemManagementLabelsTest {

    @Test
    void tagsAreSplitAtCommasAndBlankOnesDropped() {
        assertEquals(List.of("land cover", "sentinel-2", "x"), ItemEditDialog.tags(" land cover, sentinel-2,, x ,"));
        assertEquals(List.of(), ItemEditDialog.tags("  "));
    }

    @Test
    void theSharingLineNamesTheGroupsAlsoAtWiderLevels() {
        List<ItemDetails.SharedGroup> surveyors = List.of(new ItemDetails.SharedGroup(7, "Surveyors"),
                new ItemDetails.SharedGroup(9, "Hydrology"));

        assertEquals("Private: only alice and administrators see it",
                SharingLabels.describe(item(Sharing.PRIVATE, List.of())));
        assertEquals("Shared with the groups Surveyors, Hydrology",
                SharingLabels.describe(item(Sharing.GROUPS, surveyors)));
        assertEquals("Shared with no group yet: only alice and administrators see it",
                SharingLabels.describe(item(Sharing.GROUPS, List.of())));
        assertEquals("Shared with everyone signed in, and with the groups Surveyors, Hydrology",
                SharingLabels.describe(item(Sharing.ORGANIZATION, surveyors)));
    }

    private static ItemDetails item(Sharing sharing, List<ItemDetails.SharedGroup> groups) {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        return new ItemDetails(1, "Wetlands", null, null, List.of(), sharing, groups, "alice", at, at, 1, "00", 1,
                "w.dlpk", "ImageClassification", null, null, null, "w.emd", List.of(), List.of(), List.of(), "{}", 1,
                List.of(), Map.of(), false, List.of("view"));
    }
}
