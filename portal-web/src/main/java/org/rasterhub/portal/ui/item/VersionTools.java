package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import org.rasterhub.core.catalog.AliasName;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.VersionNotFoundException;
import org.rasterhub.core.ingest.IngestProblem;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.PackageUploads;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.ui.PortalSession;

/**
 * What the owner of an item (or an administrator) does with its versions: upload one, move aliases.
 * Each asks the catalog for the user as they are then ({@link PortalSession}), not as they were when
 * the page was drawn.
 */
class VersionTools extends VerticalLayout {
    private static final System.Logger LOG = System.getLogger(VersionTools.class.getName());

    private final Div problems = new Div();
    private final Span stage = new Span();

    VersionTools(CatalogService catalog, PackageUploads uploads, ItemDetails item, Consumer<ItemDetails> changed) {
        setPadding(false);
        ItemId id = new ItemId(item.id());

        Upload upload = new Upload(versionUpload(uploads, id, changed));
        upload.setId("version-upload");
        upload.setMaxFiles(1);
        upload.setAcceptedFileTypes(".dlpk", ".zip");
        upload.setDropLabel(new Span("Drop the next version's .dlpk or .zip here"));
        upload.addAllFinishedListener(e -> upload.clearFileList());

        TextField alias = new TextField("Alias");
        alias.setId("alias-name");
        alias.setPlaceholder("production");
        alias.setHelperText("lower-case letters, digits, - and _");
        IntegerField version = new IntegerField("Version");
        version.setId("alias-version");
        version.setMin(1);
        version.setMax(item.latestVersion());
        version.setValue(item.version());
        Button point = new Button("Point alias here", e -> {
            problems.removeAll();
            try {
                changed.accept(catalog.setAlias(id, new AliasName(alias.getValue().strip()),
                        version.getValue() == null ? 0 : version.getValue(), PortalSession.requireUser()));
            } catch (IllegalArgumentException | VersionNotFoundException | AccessDeniedException
                     | NotSignedInException | ItemNotFoundException ex) {
                problems.add(new Span(ex.getMessage()));
            }
        });
        point.setId("alias-set");
        HorizontalLayout aliasForm = new HorizontalLayout(alias, version, point);
        aliasForm.setAlignItems(FlexComponent.Alignment.BASELINE);

        stage.setId("version-stage");
        problems.setId("version-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");
        add(new H3("Manage versions"), upload, stage, aliasForm, problems);
    }

    private UploadHandler versionUpload(PackageUploads uploads, ItemId id, Consumer<ItemDetails> changed) {
        return event -> {
            UI ui = event.getUI();
            ui.access(() -> {
                problems.removeAll();
                stage.setText("Receiving " + event.getFileName() + "…");
            });
            try (InputStream content = event.getInputStream()) {
                ItemDetails updated = uploads.newVersion(id, content, event.getFileName(), event.getFileSize(),
                        PortalSession.requireUser(event.getSession()),
                        (what, done, total) -> ui.access(() -> stage.setText(what + "…")));
                ui.access(() -> changed.accept(updated));
            } catch (PackageRejectedException e) {
                ui.access(() -> {
                    stage.setText("");
                    UnorderedList list = new UnorderedList();
                    for (IngestProblem problem : e.problems()) {
                        list.add(new ListItem(problem.toString()));
                    }
                    problems.add(new Span("The package was refused: " + e.reason().description()
                            + ". Nothing was stored."), list);
                });
            } catch (AccessDeniedException | NotSignedInException | ItemNotFoundException e) {
                ui.access(() -> {
                    stage.setText("");
                    problems.add(new Span(e.getMessage() + ". Nothing was stored."));
                });
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "version upload failed item=" + id, e);
                ui.access(() -> {
                    stage.setText("");
                    problems.add(new Span("The upload could not be stored (" + e.getMessage() + "). Nothing was kept."));
                });
            }
        };
    }
}
