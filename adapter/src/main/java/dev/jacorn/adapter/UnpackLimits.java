package dev.jacorn.adapter;

/**
 * How much a packed WAR may unpack to, against archives built to fill the disk ("zip bombs"):
 * the bytes actually written are counted, whatever the archive's headers claim.
 *
 * @param maxBytes most bytes all entries may unpack to; 0 means no limit
 * @param maxEntries most entries the archive may hold; 0 means no limit
 */
public record UnpackLimits(long maxBytes, int maxEntries) {

    /** The documented defaults: 1 GiB and 65,536 entries. */
    public static final UnpackLimits DEFAULT = new UnpackLimits(1024L * 1024 * 1024, 65_536);

    public UnpackLimits {
        if (maxBytes < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or more");
        }
    }
}
