package org.rasterhub.portal.ui.upload;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.textfield.TextArea;
import java.util.function.Consumer;
import org.rasterhub.portal.catalog.PackageUploads;

/**
 * Shows the model definition generated for a bare {@code .onnx} and how each key was decided, for the
 * user to check, edit and confirm; the held file is deleted when the dialog closes either way.
 */
final class ModelDefinitionDialog extends Dialog {

    ModelDefinitionDialog(PackageUploads.HeldModel held, Consumer<String> confirmed, Runnable dropped) {
        setId("definition-dialog");
        setHeaderTitle("Model definition for " + held.fileName());
        UnorderedList notes = new UnorderedList();
        held.generated().notes().forEach(note -> notes.add(new ListItem(note)));
        TextArea emd = new TextArea("Generated from the model's Deepness metadata; edit it if something is wrong");
        emd.setId("definition-emd");
        emd.setValue(held.generated().json());
        emd.setWidthFull();
        emd.setHeight("22em");
        emd.getStyle().set("font-family", "monospace");
        add(new Paragraph("The .onnx carries no Esri model definition. RasterHub wrote one from what the file says"
                + " about itself; it is checked like any package when you create the item."), notes, emd);
        setWidth("48em");
        Button create = new Button("Create item", e -> {
            confirmed.accept(emd.getValue());   // first: closing drops the held file unless creation began
            close();
        });
        create.setId("definition-confirm");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("definition-cancel");
        getFooter().add(cancel, create);
        // Closed by either button or Escape: the held file goes unless the item is being created from it.
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                dropped.run();
            }
        });
    }
}
