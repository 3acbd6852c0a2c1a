package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.function.Consumer;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.InvalidItemEditException;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.catalog.Thumbnails;
import org.rasterhub.portal.catalog.UnusedBlobs;
import org.rasterhub.portal.run.RunStateException;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.GroupService;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;
import org.rasterhub.portal.ui.catalog.CatalogView;

/**
 * What an item's owner or an administrator does to it on the item page: edit its description, share
 * it, change its thumbnail, delete it. Which buttons show comes from {@link ItemDetails#may}, decided
 * by the catalog's access rule; others see nothing of this. Each action asks the catalog again for
 * the caller as they are when they click ({@link PortalSession}): the buttons of a page drawn for an
 * owner who was demoted since change nothing.
 */
public class ItemManagement extends VerticalLayout {
    private static final System.Logger LOG = System.getLogger(ItemManagement.class.getName());

    private final CatalogService catalog;
    private final GroupService groups;
    private final UnusedBlobs unusedBlobs;
    private final ItemDetails item;
    private final Consumer<ItemDetails> changed;
    private final Span thumbnailProblem = new Span();

    /**
     * The section for this item, with the services looked up in CDI, so the item page needs no
     * collaborators of its own for it.
     *
     * @param changed called with the item as it is after a change, to show it again
     */
    public static ItemManagement of(ItemDetails item, Consumer<ItemDetails> changed) {
        CDI<Object> cdi = CDI.current();
        return new ItemManagement(cdi.select(CatalogService.class).get(), cdi.select(GroupService.class).get(),
                cdi.select(UnusedBlobs.class).get(), item, changed);
    }

    ItemManagement(CatalogService catalog, GroupService groups, UnusedBlobs unusedBlobs, ItemDetails item,
                   Consumer<ItemDetails> changed) {
        this.catalog = catalog;
        this.groups = groups;
        this.unusedBlobs = unusedBlobs;
        this.item = item;
        this.changed = changed;
        setId("item-management");
        setPadding(false);
        setSpacing(false);
        if (item.may("edit") || item.may("share") || item.may("delete")) {
            add(actions());
        } else {
            setVisible(false);
        }
    }

    private HorizontalLayout actions() {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setId("item-actions");
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        ItemId id = new ItemId(item.id());
        if (item.may("edit")) {
            Button edit = new Button("Edit", e -> new ItemEditDialog(catalog, item, changed).open());
            edit.setId("item-edit");
            actions.add(edit, thumbnailUpload(id));
        }
        if (item.may("share")) {
            Button share = new Button("Share", e -> new ItemShareDialog(catalog, groups, item, changed).open());
            share.setId("item-share");
            actions.add(share);
        }
        if (item.may("delete")) {
            Button delete = new Button("Delete", e -> confirmDelete(id));
            delete.setId("item-delete");
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
            actions.add(delete);
        }
        thumbnailProblem.setId("item-thumbnail-problem");
        thumbnailProblem.getStyle().set("color", "var(--lumo-error-text-color)");
        actions.add(thumbnailProblem);
        return actions;
    }

    private Upload thumbnailUpload(ItemId id) {
        Upload upload = new Upload(thumbnailHandler(id));
        upload.setId("item-thumbnail-upload");
        upload.setMaxFiles(1);
        upload.setDropAllowed(false);
        upload.setAcceptedFileTypes("image/png", "image/jpeg", ".png", ".jpg", ".jpeg");
        upload.setMaxFileSize(Thumbnails.MAX_BYTES);
        upload.setUploadButton(new Button("Change thumbnail"));
        upload.addFileRejectedListener(e -> thumbnailProblem.setText("thumbnail: " + e.getErrorMessage()));
        upload.addAllFinishedListener(e -> upload.clearFileList());
        return upload;
    }

    private UploadHandler thumbnailHandler(ItemId id) {
        return event -> {
            UI ui = event.getUI();
            try (InputStream image = event.getInputStream()) {
                CatalogService.ThumbnailChange change = catalog.setThumbnail(id,
                        PortalSession.caller(event.getSession()), image);
                unusedBlobs.delete(change.maybeUnused());
                ItemDetails updated = change.item();
                ui.access(() -> {
                    Notices.done("The thumbnail was replaced.");
                    changed.accept(updated);
                });
            } catch (InvalidItemEditException | AccessDeniedException | ItemNotFoundException
                     | NotSignedInException e) {
                ui.access(() -> thumbnailProblem.setText(e.getMessage() + " The thumbnail stays as it was."));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "thumbnail upload failed item=" + id, e);
                ui.access(() -> thumbnailProblem.setText("The image could not be stored (" + e.getMessage()
                        + "). The thumbnail stays as it was."));
            }
        };
    }

    private void confirmDelete(ItemId id) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Delete “" + item.title() + "”?");
        int versions = item.versions().size();
        dialog.add(new Paragraph("Its " + versions + (versions == 1 ? " version" : " versions")
                + ", its runs and their results are deleted for good. This cannot be undone."));
        Button delete = new Button("Delete", e -> {
            try {
                Set<ContentHash> maybeUnused = catalog.delete(id, PortalSession.caller());
                // After the delete committed: blobs still named by another item or run stay.
                unusedBlobs.delete(maybeUnused);
                dialog.close();
                Notices.done("“" + item.title() + "” was deleted.");
                getUI().ifPresent(ui -> ui.navigate(CatalogView.class));
            } catch (RunStateException | AccessDeniedException | ItemNotFoundException | NotSignedInException ex) {
                dialog.close();
                Notices.error(ex.getMessage() + ". Nothing was deleted.");
            }
        });
        delete.setId("item-delete-confirm");
        delete.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        Button cancel = new Button("Cancel", e -> dialog.close());
        dialog.getFooter().add(cancel, delete);
        dialog.open();
    }

}
