package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jacorn.runner.config.AddressRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --forwarded-allow-ips}/{@code --proxy-allow-ips} ranges, and addresses as proxies write them. */
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
    @ValueSource(strings = {"unknown", "_hidden", "evil.example.com", "[2001:db8::17"})
    void obfuscatedOrNamedHopsAreNotAddresses(String text) {
        assertNull(ForwardedHeaders.address(text));
    }
}
