package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jacorn.runner.config.AddressRange;
import dev.jacorn.runner.config.IpLiteral;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --forwarded-allow-ips}/{@code --proxy-allow-ips} ranges, addresses as proxies write
 * them, and the hand-made literal parser behind both (no name is ever looked up).
 */
class TrustedAddressesTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.4.0/22, 192.168.7.255, true",
            "192.168.4.0/22, 192.168.8.0, false",
            "::1, ::1, true",
            "::1, 127.0.0.1, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "*, 203.0.113.9, true",
            "*, 2001:db8::1, true",
            "0.0.0.0/0, 8.8.8.8, true"})
    void rangesMatchAddressesBitByBit(String range, String address, boolean expected) throws UnknownHostException {
        assertEquals(expected, AddressRange.parse(range).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "256.1.1.1", "10.0.0.1/x", "::1/129", ""})
    void hostNamesAndBadRangesAreRefusedWithoutALookup(String text) {
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(text));
    }

    @ParameterizedTest(name = "{0} -> {1}:{2}")
    @CsvSource({
            "203.0.113.5, 203.0.113.5, 0",
            "203.0.113.5:4711, 203.0.113.5, 4711",
            "[2001:db8::17]:4711, 2001:db8:0:0:0:0:0:17, 4711",
            "2001:db8::17, 2001:db8:0:0:0:0:0:17, 0"})
    void forwardedForAddressesAreParsedWithOrWithoutPorts(String text, String address, int port) {
        assertEquals(address, ForwardedHeaders.address(text).getAddress().getHostAddress());
        assertEquals(port, ForwardedHeaders.address(text).getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "_hidden", "evil.example.com", "[2001:db8::17", "localhost", "a:b", "cafe:beef",
            "fe80::1%eth0", "[localhost]:80"})
    void obfuscatedOrNamedHopsAreNotAddresses(String text) {
        assertNull(ForwardedHeaders.address(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "::, 0:0:0:0:0:0:0:0",
            "::1, 0:0:0:0:0:0:0:1",
            "1::, 1:0:0:0:0:0:0:0",
            "2001:DB8::8:800:200C:417A, 2001:db8:0:0:8:800:200c:417a",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6::8, 1:2:3:4:5:6:0:8",
            "::ffff:192.0.2.1, 192.0.2.1",
            "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304"})
    void literalsAreParsedByHandAsJavaWouldReadThem(String text, String expected) throws UnknownHostException {
        assertEquals(expected, InetAddress.getByAddress(IpLiteral.parse(text)).getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1..2.3", "1.2.3.4.", "-1.2.3.4",
            "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "12345::", "1:2:3:4:5:6:7::8", "::g", "::1.2.3",
            "1.2.3.4::", "\u0661.2.3.4", "\uff11::", "example.com", "a:b:c:d:e:f:g:h", "1:2:3:4:5:6:7:1.2.3.4"})
    void anythingElseIsNotALiteral(String text) {
        assertNull(IpLiteral.parse(text), text);
    }
}
