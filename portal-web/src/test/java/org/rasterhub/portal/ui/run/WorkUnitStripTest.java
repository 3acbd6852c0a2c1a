package org.rasterhub.portal.ui.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rasterhub.core.run.RunTelemetry.WorkUnit;

class WorkUnitStripTest {

    @Test
    void eachUnitIsACellAsWideAsItsTilesColouredByItsRunnerAndHatchedWhenWorkedAgain() {
        WorkUnitStrip strip = new WorkUnitStrip(List.of(
                new WorkUnit(0, 0, 0, 2, 16, "runner-a", "CPU", 1),
                new WorkUnit(1, 0, 2, 4, 16, "runner-b", "CPU", 2),
                new WorkUnit(2, 0, 4, 5, 8, "runner-a", "CPU", 1)), "tiles");

        Paragraph summary = (Paragraph) strip.getChildren().filter(c -> c instanceof Paragraph).findFirst().orElseThrow();
        assertEquals("3 work units · runner-a: 2 · runner-b: 1 · 1 worked again after their runner was lost",
                summary.getText());
        List<Span> cells = strip.getChildren().filter(c -> !(c instanceof Paragraph))
                .flatMap(Component::getChildren).map(Span.class::cast).toList();
        assertEquals(List.of("0 0 40.000%", "0 0 40.000%", "0 0 20.000%"),
                cells.stream().map(c -> c.getStyle().get("flex")).toList());
        assertEquals(cells.get(0).getStyle().get("background"), cells.get(2).getStyle().get("background"),
                "one runner, one colour");
        assertTrue(cells.get(1).getStyle().get("background").startsWith("repeating-linear-gradient"),
                "the unit claimed twice is hatched");
        assertEquals("unit 2: input 1, tile rows 2-3, 16 tiles, CPU on runner-b, claimed 2×",
                cells.get(1).getElement().getAttribute("title"));
    }

    @Test
    void aClassifyObjectsUnitNamesItsFeaturesCountedFromOne() {
        WorkUnitStrip strip = new WorkUnitStrip(List.of(new WorkUnit(0, 0, 0, 250, 250, "runner-a", "CPU", 1),
                new WorkUnit(1, 1, 250, 400, 150, "runner-b", "CPU", 1)), "features");

        Span second = strip.getChildren().filter(c -> !(c instanceof Paragraph)).flatMap(Component::getChildren)
                .map(Span.class::cast).toList().get(1);
        assertEquals("unit 2: input 2, features 251-400, 150 features, CPU on runner-b, claimed 1×",
                second.getElement().getAttribute("title"));
    }
}
