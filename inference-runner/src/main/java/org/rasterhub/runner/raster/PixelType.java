package org.rasterhub.runner.raster;

import org.gdal.gdal.Band;
import org.gdal.gdalconst.gdalconst;

/**
 * A band's stored sample type and, for integer types, the range of values it can hold: what an
 * {@code .emd}'s {@code DataRange} scales from (docs/models.md, "Input scaling").
 */
public enum PixelType {
    UINT8(0, 255),
    INT8(-128, 127),
    UINT16(0, 65_535),
    INT16(-32_768, 32_767),
    UINT32(0, 4_294_967_295d),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** Floating point, 64-bit integers and complex types: no range a model could have been told about. */
    OTHER(Double.NaN, Double.NaN);

    // GDT_Int8 arrived in GDAL 3.7; older bindings lack the constant, and Debian 12 ships 3.6.
    private static final int GDT_INT8 = 14;

    private final double min;
    private final double max;

    PixelType(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /** Whether the type is an integer type with a known range. */
    public boolean hasRange() {
        return this != OTHER;
    }

    /** The least value the type holds; NaN for {@link #OTHER}. */
    public double min() {
        return min;
    }

    /** The greatest value the type holds; NaN for {@link #OTHER}. */
    public double max() {
        return max;
    }

    /** The type of a GDAL band, minding GDAL 3.6's signed bytes (Byte with {@code PIXELTYPE=SIGNEDBYTE}). */
    static PixelType of(Band band) {
        int type = band.getDataType();
        if (type == gdalconst.GDT_Byte) {
            return "SIGNEDBYTE".equals(band.GetMetadataItem("PIXELTYPE", "IMAGE_STRUCTURE")) ? INT8 : UINT8;
        }
        if (type == GDT_INT8) {
            return INT8;
        }
        if (type == gdalconst.GDT_UInt16) {
            return UINT16;
        }
        if (type == gdalconst.GDT_Int16) {
            return INT16;
        }
        if (type == gdalconst.GDT_UInt32) {
            return UINT32;
        }
        if (type == gdalconst.GDT_Int32) {
            return INT32;
        }
        return OTHER;
    }
}
