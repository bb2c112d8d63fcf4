package dev.jacorn.runner.config;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IP address or a CIDR block, as written in {@code --forwarded-allow-ips} and
 * {@code --proxy-allow-ips}: {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1},
 * {@code fd00::/8}, or {@code *} for every address. Host names are refused: trust is decided
 * without DNS.
 *
 * @param network the address bytes (4 or 16), or {@code null} for {@code *}
 * @param prefix how many leading bits must match
 * @param text the value as written, for messages and {@code --print-config}
 */
public record AddressRange(byte[] network, int prefix, String text) {

    private static final String USAGE = "use an IP address, a CIDR block such as 10.0.0.0/8, or *";

    public static AddressRange parse(String raw) {
        String text = raw.strip();
        if (text.equals("*")) {
            return new AddressRange(null, 0, text);
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the prefix after / must be a number; " + USAGE);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("the prefix after / must be from 0 to " + bytes.length * 8);
            }
        }
        return new AddressRange(bytes, prefix, text);
    }

    /** The bytes of an IPv4 or IPv6 literal, brackets allowed; never a DNS lookup ({@link IpLiteral}). */
    public static byte[] literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        byte[] bytes = IpLiteral.parse(bare);
        if (bytes == null) {
            throw new IllegalArgumentException(USAGE);
        }
        return bytes;
    }

    /** Whether {@code address} lies in this range; IPv4-mapped IPv6 addresses match IPv4 ranges. */
    public boolean contains(InetAddress address) {
        if (network == null) {
            return true;
        }
        byte[] candidate = address.getAddress();
        if (candidate.length == 16 && network.length == 4 && isIpv4Mapped(candidate)) {
            candidate = Arrays.copyOfRange(candidate, 12, 16);
        }
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
