package dev.jacorn.runner.config;

/**
 * Parses IPv4 and IPv6 address literals into their bytes, by hand, so that nothing a client or
 * a proxy writes can reach the system resolver: {@code InetAddress.getByName} treats any text it
 * cannot read as a literal as a host name and looks it up, blocking the calling thread.
 *
 * <p>Accepted: dotted-quad IPv4 ({@code 192.0.2.1}, decimal octets without leading zeros beyond
 * one digit), and IPv6 in the forms of RFC 4291 section 2.2: eight groups, {@code ::} once, and an
 * IPv4 tail ({@code ::ffff:192.0.2.1}). Zone ids ({@code %eth0}) and brackets are not part of a
 * literal here; callers strip brackets. Stateless; any thread.
 */
public final class IpLiteral {

    private IpLiteral() {
    }

    /** The 4 or 16 bytes of {@code text}, or {@code null} when it is not an address literal. */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        int octet = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // a leading zero: some parsers read it as octal
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && octet < 4) {
                bytes[octet++] = (byte) value;
                value = -1;
                digits = 0;
            } else {
                return null;
            }
        }
        return octet == 4 ? bytes : null;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        byte[] bytes = new byte[16];
        if (gap < 0) {
            return groups(text, bytes, 16, true) == 16 ? bytes : null;
        }
        byte[] head = new byte[16];
        int headLength = gap == 0 ? 0 : groups(text.substring(0, gap), head, 14, false);
        String tail = text.substring(gap + 2);
        byte[] rest = new byte[16];
        int tailLength = tail.isEmpty() ? 0 : groups(tail, rest, 14 - Math.max(headLength, 0), true);
        if (headLength < 0 || tailLength < 0 || headLength + tailLength > 14) {
            return null;
        }
        System.arraycopy(head, 0, bytes, 0, headLength);
        System.arraycopy(rest, 0, bytes, 16 - tailLength, tailLength);
        return bytes;
    }

    /**
     * Reads colon-separated groups (the last may be an IPv4 tail when {@code v4Tail}) into
     * {@code out}; returns the number of bytes written, or -1 when malformed or longer than
     * {@code max}.
     */
    private static int groups(String text, byte[] out, int max, boolean v4Tail) {
        String[] parts = text.split(":", -1);
        int written = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (v4Tail && i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] v4 = ipv4(part);
                if (v4 == null || written + 4 > max) {
                    return -1;
                }
                System.arraycopy(v4, 0, out, written, 4);
                written += 4;
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || written + 2 > max) {
                return -1;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                int digit = c < 128 ? Character.digit(c, 16) : -1; // ASCII only: digit() knows other scripts
                if (digit < 0) {
                    return -1;
                }
                value = value * 16 + digit;
            }
            out[written++] = (byte) (value >> 8);
            out[written++] = (byte) value;
        }
        return written;
    }
}
