package org.rasterhub.portal.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;
import com.vaadin.flow.theme.lumo.Lumo;

/** Page-wide settings: server push, so upload stages and later run progress appear live. */
@Push
@Theme(themeClass = Lumo.class)
public class AppShell implements AppShellConfigurator {
}
