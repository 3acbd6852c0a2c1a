package org.rasterhub.portal.ui.runners;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import org.rasterhub.portal.runners.RunnerStatus;
import org.rasterhub.portal.runners.Runners;
import org.rasterhub.portal.ui.layout.MainLayout;
import org.rasterhub.portal.ui.run.RunView;

/**
 * The runner processes: which are online, what each has (threads, GPUs, engines, heap), the run it
 * works now with its tiles per second, and its last heartbeat. Refreshed every few seconds.
 */
@Route(value = "runners", layout = MainLayout.class)
@PageTitle("Runners · RasterHub")
public class RunnersView extends VerticalLayout {
    private static final int REFRESH_MILLIS = 3000;

    private final Runners runners;
    private final Paragraph summary = new Paragraph();
    private final Grid<RunnerStatus> grid = new Grid<>(RunnerStatus.class, false);
    private com.vaadin.flow.shared.Registration polling;

    @Inject
    public RunnersView(Runners runners) {
        this.runners = runners;
        summary.setId("runners-summary");
        grid.setId("runners");
        grid.addColumn(RunnerStatus::name).setHeader("Runner").setAutoWidth(true);
        grid.addColumn(RunnerStatus::state).setHeader("State").setAutoWidth(true);
        grid.addColumn(r -> r.threads() + (r.gpus().isEmpty() ? " CPU thread(s)" : " thread(s), GPU "
                + r.gpus())).setHeader("Has").setAutoWidth(true);
        grid.addColumn(r -> String.join(", ", r.engines())).setHeader("Engines").setAutoWidth(true);
        grid.addColumn(r -> (r.maxHeapBytes() >> 20) + " MiB").setHeader("Heap").setAutoWidth(true);
        grid.addComponentColumn(RunnersView::workingOn).setHeader("Working on").setAutoWidth(true);
        grid.addColumn(r -> r.currentRun() == null ? "" : r.tilesDone() + " / " + r.tilesTotal() + " tiles"
                + (r.tilesPerSecond() == null ? "" : String.format(Locale.ROOT, ", %.1f tiles/s", r.tilesPerSecond())))
                .setHeader("Progress").setAutoWidth(true);
        grid.addColumn(RunnerStatus::runsSucceeded).setHeader("Runs done").setAutoWidth(true);
        grid.addColumn(RunnerStatus::unitsDone).setHeader("Units done").setAutoWidth(true);
        grid.addColumn(r -> r.secondsSilent() + " s ago").setHeader("Last heartbeat").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(new H2("Runners"), summary, grid);
    }

    // The run it coordinates, or the unit of another runner's run it helps with.
    private static com.vaadin.flow.component.Component workingOn(RunnerStatus r) {
        RunnerStatus.Unit unit = r.currentUnit();
        if (r.currentRun() == null && unit == null) {
            return new Paragraph("idle");
        }
        long run = r.currentRun() != null ? r.currentRun() : unit.run();
        String text = unit == null ? "run " + run : "unit " + (unit.index() + 1) + " of " + unit.of() + ", run " + unit.run();
        return new RouterLink(text, RunView.class, new RouteParameters(RunView.RUN_ID, Long.toString(run)));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh();
        event.getUI().setPollInterval(REFRESH_MILLIS);
        polling = event.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (polling != null) {
            polling.remove();
        }
        event.getUI().setPollInterval(-1);
    }

    private void refresh() {
        List<RunnerStatus> list = runners.list();
        long online = list.stream().filter(RunnerStatus::online).count();
        summary.setText(online == 0 ? "No runner is online: queued runs wait until one starts."
                : online + " runner(s) online; queued runs go to whichever is free first.");
        grid.setItems(list);
    }
}
