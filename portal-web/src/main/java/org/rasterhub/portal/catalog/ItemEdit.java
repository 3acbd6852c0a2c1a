package org.rasterhub.portal.catalog;

import java.util.List;

/** New title, summary, description and tags of an item; a null field stays as it is. */
public record ItemEdit(String title, String summary, String description, List<String> tags) {
}
