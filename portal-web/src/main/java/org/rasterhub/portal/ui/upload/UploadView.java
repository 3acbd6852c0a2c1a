package org.rasterhub.portal.ui.upload;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.server.streams.UploadHandler;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import org.rasterhub.core.ingest.IngestProblem;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.portal.catalog.PackageUploads;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.item.ItemView;
import org.rasterhub.portal.ui.layout.MainLayout;

/**
 * The upload form. The browser shows transfer progress; the server streams the upload straight
 * into ingest (no second copy), pushes each ingest stage, then opens the new item or lists every
 * problem found. The package is stored for the user as they are when it arrives ({@link PortalSession}):
 * one demoted to viewer or disabled since the form was drawn is refused.
 */
@Route(value = "upload", layout = MainLayout.class)
@PageTitle("Upload · RasterHub")
public class UploadView extends VerticalLayout {
    private static final System.Logger LOG = System.getLogger(UploadView.class.getName());

    private final Span stage = new Span();
    private final Div problems = new Div();

    @Inject
    public UploadView(PackageUploads uploads, PortalSettings settings) {
        Upload upload = new Upload(uploadHandler(uploads));
        upload.setId("package-upload");
        upload.setMaxFiles(1);
        upload.setAcceptedFileTypes(".dlpk", ".zip", ".onnx");
        // The browser-side cap is an int; beyond 2 GiB only the server's own limit applies (TOO_LARGE).
        if (settings.maxPackageBytes() <= Integer.MAX_VALUE) {
            upload.setMaxFileSize((int) settings.maxPackageBytes());
        }
        upload.setDropLabel(new Span("Drop a .dlpk or .zip model package, or an .onnx with Deepness metadata, here"));
        upload.addFileRejectedListener(e -> showProblemText(e.getErrorMessage()));
        upload.addAllFinishedListener(e -> upload.clearFileList());

        stage.setId("upload-stage");
        problems.setId("upload-problems");
        problems.getStyle().set("color", "var(--lumo-error-text-color)");

        add(new H2("Upload a model package"),
                new Paragraph("A package is a zip (.dlpk or .zip) with an Esri model definition (.emd) at its "
                        + "root and the model file it names. It is checked before anything is stored. An .onnx "
                        + "exported for Deepness may come alone: its definition is generated for you to confirm."),
                upload, stage, problems);
    }

    private UploadHandler uploadHandler(PackageUploads uploads) {
        return event -> {
            UI ui = event.getUI();
            ui.access(() -> {
                problems.removeAll();
                stage.setText("Receiving " + event.getFileName() + "…");
            });
            try (InputStream content = event.getInputStream()) {
                if (event.getFileName().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
                    PackageUploads.HeldModel held = uploads.holdModel(content, event.getFileName(),
                            PortalSession.requireUser(event.getSession()));
                    ui.access(() -> confirm(uploads, held, ui));
                    return;
                }
                ItemDetails item = uploads.newItem(content, event.getFileName(), event.getFileSize(),
                        PortalSession.requireUser(event.getSession()),
                        (what, done, total) -> ui.access(() -> stage.setText(describe(what, done, total))));
                ui.access(() -> ui.navigate(ItemView.class,
                        new RouteParameters(ItemView.ITEM_ID, Long.toString(item.id()))));
            } catch (PackageRejectedException e) {
                ui.access(() -> showRejection(e));
            } catch (AccessDeniedException | NotSignedInException e) {
                ui.access(() -> showProblemText(e.getMessage() + ". Nothing was stored."));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "upload failed file=" + event.getFileName(), e);
                ui.access(() -> showProblemText("The upload could not be stored (" + e.getMessage()
                        + "). Nothing was kept; try again or ask the administrator."));
            }
        };
    }

    // The user checks the generated definition; the item is made from it, or the held file is dropped.
    private void confirm(PackageUploads uploads, PackageUploads.HeldModel held, UI ui) {
        stage.setText("Check the generated model definition.");
        boolean[] creating = {false};
        new ModelDefinitionDialog(held, emd -> {
            creating[0] = true;
            stage.setText("Checking the package…");
            try (held) {
                ItemDetails item = uploads.newItem(held, emd, PortalSession.requireUser(ui.getSession()),
                        (what, done, total) -> stage.setText(describe(what, done, total)));
                ui.navigate(ItemView.class, new RouteParameters(ItemView.ITEM_ID, Long.toString(item.id())));
            } catch (PackageRejectedException e) {
                showRejection(e);
            } catch (AccessDeniedException | NotSignedInException e) {
                showProblemText(e.getMessage() + ". Nothing was stored.");
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "upload failed file=" + held.fileName(), e);
                showProblemText("The upload could not be stored (" + e.getMessage() + "). Nothing was kept.");
            }
        }, () -> {
            if (!creating[0]) {
                stage.setText("");
                try {
                    held.close();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete a held model file=" + held.fileName(), e);
                }
            }
        }).open();
    }

    private void showRejection(PackageRejectedException e) {
        stage.setText("");
        problems.removeAll();
        UnorderedList list = new UnorderedList();
        for (IngestProblem problem : e.problems()) {
            list.add(new ListItem(problem.toString()));
        }
        problems.add(new Paragraph("The package was refused: " + e.reason().description()
                + ". Nothing was stored."), list);
    }

    private void showProblemText(String text) {
        stage.setText("");
        problems.removeAll();
        problems.add(new Paragraph(text));
    }

    private static String describe(String what, long done, long total) {
        String stageName = Character.toUpperCase(what.charAt(0)) + what.substring(1);
        return total > 0 ? String.format("%s… %d of %d MB", stageName, done >> 20, total >> 20) : stageName + "…";
    }
}
