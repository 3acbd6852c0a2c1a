package org.rasterhub.portal.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages at the bottom of the page: a refusal a field cannot show, or what just happened. */
public final class Notices {
    private static final int ERROR_MILLIS = 8000;
    private static final int DONE_MILLIS = 4000;

    private Notices() {
    }

    /** A refusal (access denied, a state conflict), kept on screen long enough to read. */
    public static void error(String message) {
        Notification notification = Notification.show(message, ERROR_MILLIS, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    public static void done(String message) {
        Notification notification = Notification.show(message, DONE_MILLIS, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }
}
