package org.rasterhub.portal.ui.item;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.InvalidItemEditException;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.catalog.ItemEdit;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.NotSignedInException;
import org.rasterhub.portal.ui.Notices;
import org.rasterhub.portal.ui.PortalSession;

/**
 * Title, summary, description and tags of an item; a refused value is marked at its field. Saving
 * asks the catalog for the caller as they are then, not as they were when the dialog opened.
 */
class ItemEditDialog extends Dialog {
    private final TextField title = new TextField("Title");
    private final TextField summary = new TextField("Summary");
    private final TextArea description = new TextArea("Description");
    private final TextField tags = new TextField("Tags");

    ItemEditDialog(CatalogService catalog, ItemDetails item, Consumer<ItemDetails> changed) {
        setHeaderTitle("Edit “" + item.title() + "”");
        setWidth("40em");
        title.setId("edit-title");
        title.setValue(item.title());
        title.setRequiredIndicatorVisible(true);
        summary.setId("edit-summary");
        summary.setValue(item.summary() == null ? "" : item.summary());
        summary.setHelperText("One line shown in the catalog");
        description.setId("edit-description");
        description.setValue(item.description() == null ? "" : item.description());
        description.setMinHeight("8em");
        tags.setId("edit-tags");
        tags.setValue(String.join(", ", item.tags()));
        tags.setHelperText("Separated by commas, e.g. land cover, sentinel-2");

        // The catalog's rules decide what is valid; the fields only show its verdict.
        title.setManualValidation(true);
        summary.setManualValidation(true);
        description.setManualValidation(true);
        tags.setManualValidation(true);
        FormLayout form = new FormLayout(title, summary, description, tags);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);

        Button save = new Button("Save", e -> {
            clearErrors();
            try {
                ItemDetails updated = catalog.describe(new ItemId(item.id()), PortalSession.caller(),
                        new ItemEdit(title.getValue(), summary.getValue(), description.getValue(),
                                tags(tags.getValue())));
                close();
                changed.accept(updated);
            } catch (InvalidItemEditException ex) {
                showAtField(ex);
            } catch (AccessDeniedException | ItemNotFoundException | NotSignedInException ex) {
                close();
                Notices.error(ex.getMessage() + ". Nothing was changed.");
            }
        });
        save.setId("edit-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("edit-cancel");
        getFooter().add(cancel, save);
    }

    static List<String> tags(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(tag -> !tag.isEmpty()).toList();
    }

    private void showAtField(InvalidItemEditException refused) {
        String message = refused.getMessage().substring(refused.getMessage().indexOf(':') + 1).strip();
        switch (refused.field()) {
            case "title" -> invalid(title, message);
            case "summary" -> invalid(summary, message);
            case "description" -> {
                description.setInvalid(true);
                description.setErrorMessage(message);
            }
            case "tags" -> invalid(tags, message);
            default -> Notices.error(refused.getMessage());
        }
    }

    private static void invalid(TextField field, String message) {
        field.setInvalid(true);
        field.setErrorMessage(message);
    }

    private void clearErrors() {
        for (TextField field : List.of(title, summary, tags)) {
            field.setInvalid(false);
        }
        description.setInvalid(false);
    }
}
