package org.rasterhub.portal.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Keeps a screenshot and the page source of a failed browser test, named after the test. Runs when
 * the test throws, before {@code @AfterEach} closes the browser.
 */
final class ScreenshotOnFailure implements TestExecutionExceptionHandler {
    private static final ThreadLocal<Browser> CURRENT = new ThreadLocal<>();

    static void watch(Browser browser) {
        CURRENT.set(browser);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable cause) throws Throwable {
        Browser browser = CURRENT.get();
        if (browser != null) {
            try {
                browser.save("FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName(), true);
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        throw cause;
    }
}
