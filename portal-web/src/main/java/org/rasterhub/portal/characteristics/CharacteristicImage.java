package org.rasterhub.portal.characteristics;

/**
 * An image of {@code ModelCharacteristics/} (loss graph, sample results, confusion matrix).
 *
 * @param index     its number in the version's image list, as in {@code href}
 * @param mediaType what its name says (image/png or image/jpeg); the served type is what it decoded as
 * @param href      where the API serves it, after decoding it
 */
public record CharacteristicImage(int index, String path, String mediaType, long size, String sha256, String href) {
}
