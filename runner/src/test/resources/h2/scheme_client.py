#!/usr/bin/python3
"""One HTTP/2 request with a chosen :scheme, for the scheme and CONFIDENTIAL tests (Debian's python3-h2).

    scheme_client.py MODE HOST PORT SCHEME PATH [AUTHORITY]

MODE is prior (h2c by prior knowledge), upgrade (h2c by an HTTP/1.1 "Upgrade: h2c" request for
/info, then the request on a new stream) or tls (h2 by ALPN, certificate not checked).
Prints the response: the status on the first line, then "name: value" header lines, an empty
line and the body. Exits 1 when no response came (the reason on stderr).
"""
import socket
import ssl
import sys

import h2.config
import h2.connection
import h2.events


def main():
    mode, host, port, scheme, path = sys.argv[1:6]
    authority = sys.argv[6] if len(sys.argv) > 6 else "%s:%s" % (host, port)
    sock = socket.create_connection((host, int(port)), timeout=20)
    if mode == "tls":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_alpn_protocols(["h2"])
        sock = context.wrap_socket(sock, server_hostname=host)
        if sock.selected_alpn_protocol() != "h2":
            sys.exit("no h2 by ALPN")
    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
    stream = 1
    if mode == "upgrade":
        settings = conn.initiate_upgrade_connection()
        sock.sendall(("GET /info HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                      "Upgrade: h2c\r\nHTTP2-Settings: %s\r\n\r\n"
                      % (authority, settings.decode("ascii"))).encode("ascii"))
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1)
            if not chunk:
                sys.exit("closed before the upgrade answer")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            sys.exit("no upgrade: " + head.decode("latin-1"))
        stream = 3
    else:
        conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    conn.send_headers(stream, [(":method", "GET"), (":scheme", scheme), (":authority", authority),
                               (":path", path)], end_stream=True)
    sock.sendall(conn.data_to_send())
    status, headers, body = None, [], b""
    while True:
        data = sock.recv(65536)
        if not data:
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived) and event.stream_id == stream:
                for name, value in event.headers:
                    name, value = name.decode(), value.decode()
                    if name == ":status":
                        status = value
                    else:
                        headers.append("%s: %s" % (name, value))
            elif isinstance(event, h2.events.DataReceived):
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                if event.stream_id == stream:
                    body += event.data
            elif isinstance(event, h2.events.StreamEnded) and event.stream_id == stream:
                print(status)
                print("\n".join(headers))
                print()
                print(body.decode("utf-8", "replace"), end="")
                return
            elif isinstance(event, h2.events.StreamReset) and event.stream_id == stream:
                sys.exit("stream reset, error code %s" % event.error_code)
            elif isinstance(event, h2.events.ConnectionTerminated):
                sys.exit("GOAWAY, error code %s" % event.error_code)
        sock.sendall(conn.data_to_send())
    sys.exit("closed without a response")


if __name__ == "__main__":
    main()
