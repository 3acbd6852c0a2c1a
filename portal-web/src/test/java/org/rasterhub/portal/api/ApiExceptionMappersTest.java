package org.rasterhub.portal.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ApiExceptionMappersTest {

    @Test
    void aBodyThatStopsArrivingIsTheClientsTimeoutNotAServerFault() {
        // As Grizzly reports it when a client never sends the body it announced.
        IOException stalled = new IOException(new TimeoutException());
        assertTrue(ApiExceptionMappers.isBodyTimeout(new RuntimeException("reading the body", stalled)));
        assertFalse(ApiExceptionMappers.isBodyTimeout(new IOException("disk full")));
        assertFalse(ApiExceptionMappers.isBodyTimeout(new IllegalStateException(new TimeoutException())));
    }

    @Test
    void aResetOrEarlyEofIsTheClientGoingAway() {
        assertTrue(ApiExceptionMappers.isClientAbort(new RuntimeException(new IOException("Connection reset by peer"))));
        assertTrue(ApiExceptionMappers.isClientAbort(new java.io.EOFException()));
        assertFalse(ApiExceptionMappers.isClientAbort(new IOException("disk full")));
    }
}
