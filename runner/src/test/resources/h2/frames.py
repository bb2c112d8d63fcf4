#!/usr/bin/python3
"""A raw-frame HTTP/2 client for Jacorn's tests (Debian's python3-h2 for HPACK only).

    frames.py HOST PORT tls|h2c SCENARIO [ARGS...]

Every scenario prints key=value lines that the JUnit tests read:
  request METHOD PATH [NAME:VALUE ...]  one request; status=, or reset=CODE / goaway=CODE
  stalled-body PATH           a POST declaring 10 body bytes that never come; status= or reset=
  post PATH SIZE              a POST of SIZE bytes (at most 65535, the initial window); status=, length=
  streams N                   N POSTs left open (no body); sent=N once sent, then refused= (REFUSED_STREAM),
                              other= (other resets), answered= and statuses= (responses)
  rapid-reset N               N x (HEADERS with END_STREAM + RST_STREAM CANCEL); goaway=
  flood KIND N                N frames of KIND (ping, settings, empty-data, empty-continuation; preface-ping:
                              PINGs of which the first BURST leave in one write with the preface); goaway=
  idle                        preface and SETTINGS, then nothing; goaway=, seconds=
  request-then-idle PATH      one GET (status=, printed at once), then nothing; goaway=, last= (the last stream
                              the GOAWAY names), seconds= (from the response to the GOAWAY)
  open-header-block           HEADERS without END_HEADERS, then nothing; goaway=, seconds=
  closed-window PATH          a GET from a client whose streams start with no flow-control window; sent=1 once sent,
                              then waits for a line on stdin before it opens the window; status=, length= and
                              ended= (yes when the stream ended)
  dripped-header-block        HEADERS without END_HEADERS, then an empty CONTINUATION every 0.5 s (40 at most);
                              goaway=, dripped= (CONTINUATION frames sent before the GOAWAY)
Codes are RFC 9113 error codes as numbers (7 REFUSED_STREAM, 11 ENHANCE_YOUR_CALM); goaway=none
when the connection ended without one, or timeout when it did not end within --wait seconds.
"""
import select
import socket
import ssl
import struct
import sys
import time

import hpack

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


class Conn:
    def __init__(self, host, port, mode, wait, first=b"", settings=b""):
        raw = socket.create_connection((host, port), timeout=wait)
        if mode == "tls":
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_alpn_protocols(["h2"])
            raw = context.wrap_socket(raw, server_hostname=host)
            assert raw.selected_alpn_protocol() == "h2", raw.selected_alpn_protocol()
        self.sock = raw
        self.wait = wait
        self.host = host
        self.mode = mode
        self.encoder = hpack.Encoder()
        self.decoder = hpack.Decoder()
        self.buffer = b""
        self.acks = True
        self.sock.sendall(PREFACE + frame(SETTINGS, 0, 0, settings) + first)

    def send(self, data):
        self.sock.sendall(data)

    def exchange(self, chunks, on_frame, on_sent=None):
        """Sends every chunk while reading what comes, as a real client does (a server that stops
        reading would otherwise block us, and its close would reset the GOAWAY away). One thread
        does both: an SSL socket read and written from two threads at once breaks (OpenSSL's
        objects are not thread-safe; runs ended with our own internal_error alert and no GOAWAY).
        on_frame(kind, flags, stream, payload) returns True to stop; on_sent() once all is sent.
        Returns None when on_frame stopped, 'none' when the connection ended, 'timeout' when
        nothing came or could be sent for --wait seconds."""
        self.acks = False  # frames are answered by nobody while flooding
        chunks = iter(chunks)
        out = b""
        sending = True
        got = self.buffered_frame()
        while got is not None:
            if on_frame(*got):
                return None
            got = self.buffered_frame()
        self.sock.setblocking(False)
        try:
            while True:
                if sending and not out:
                    out = next(chunks, None)
                    if out is None:
                        out, sending = b"", False
                        if on_sent:
                            on_sent()
                pending = self.mode == "tls" and self.sock.pending() > 0
                readable, writable, _ = select.select([self.sock], [self.sock] if out else [], [],
                                                      0 if pending else self.wait)
                if not (pending or readable or writable):
                    return "timeout"
                if writable:
                    try:
                        out = out[self.sock.send(out):]
                    except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                        pass
                    except (ConnectionResetError, BrokenPipeError, ssl.SSLError, OSError):
                        out, chunks = b"", iter(())  # the server closed; what it sent before is still to read
                if pending or readable:
                    try:
                        chunk = self.sock.recv(65536)
                    except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
                        continue
                    except (ConnectionResetError, BrokenPipeError, ssl.SSLError) as e:
                        print("ended=" + type(e).__name__)
                        return "none"
                    if not chunk:
                        return "none"
                    self.buffer += chunk
                    got = self.buffered_frame()
                    while got is not None:
                        if on_frame(*got):
                            return None
                        got = self.buffered_frame()
        finally:
            self.sock.setblocking(True)
            self.sock.settimeout(self.wait)

    def send_while_reading(self, chunks):
        """Sends every chunk while reading; returns the GOAWAY code, or what exchange() returned."""
        codes = []

        def on_frame(kind, flags, stream, payload):
            if kind == GOAWAY:
                codes.append(str(struct.unpack(">I", payload[4:8])[0]))
            return bool(codes)
        ended = self.exchange(chunks, on_frame)
        return codes[0] if codes else ended

    def headers(self, method, path, extra=(), end_stream=True):
        fields = [(":method", method), (":scheme", "https" if self.mode == "tls" else "http"),
                  (":authority", self.host), (":path", path)] + list(extra)
        return self.encoder.encode(fields)

    def read_frame(self):
        """(kind, flags, stream, payload), or None at end of stream."""
        got = self.buffered_frame()
        while got is None:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
            got = self.buffered_frame()
        return got

    def buffered_frame(self):
        """The next whole frame already read, as read_frame(), or None when there is none yet."""
        if len(self.buffer) < 9:
            return None
        length = struct.unpack(">I", b"\0" + self.buffer[:3])[0]
        if len(self.buffer) < 9 + length:
            return None
        kind, flags = self.buffer[3], self.buffer[4]
        stream = struct.unpack(">I", self.buffer[5:9])[0] & 0x7FFFFFFF
        payload = self.buffer[9:9 + length]
        self.buffer = self.buffer[9 + length:]
        if kind in (SETTINGS, PING) and not flags & ACK and self.acks:
            try:
                self.send(frame(kind, ACK, 0, payload if kind == PING else b""))
            except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
                pass  # the server closed (after a GOAWAY, say); what it sent before is still to read
        return kind, flags, stream, payload

    def until_goaway(self):
        """Reads until GOAWAY or the end; returns the GOAWAY code or 'none' (and sets last_stream)."""
        self.last_stream = None
        try:
            self.sock.settimeout(self.wait)
            while True:
                got = self.read_frame()
                if got is None:
                    return "none"
                if got[0] == GOAWAY:
                    self.last_stream = struct.unpack(">I", got[3][0:4])[0] & 0x7FFFFFFF
                    return str(struct.unpack(">I", got[3][4:8])[0])
        except socket.timeout:
            return "timeout"
        except (ConnectionResetError, BrokenPipeError, ssl.SSLError) as e:
            print("ended=" + type(e).__name__)
            return "none"


def request(conn, method, path, fields, end_stream=True, data=None):
    extra = []
    for field in fields:
        name, value = field.split(":", 1)
        extra.append((name.lower(), value.lstrip()))
    flags = END_HEADERS | (END_STREAM if end_stream and data is None else 0)
    conn.send(frame(HEADERS, flags, 1, conn.headers(method, path, extra)))
    if data is not None:
        chunks = [data[i:i + 16384] for i in range(0, len(data), 16384)] or [b""]
        for i, chunk in enumerate(chunks):
            conn.send(frame(DATA, END_STREAM if i == len(chunks) - 1 else 0, 1, chunk))
    read_response(conn)


def read_response(conn):
    """Reads stream 1's response; prints status=, length= and body.LINE lines, or reset=/goaway=.
    Returns whether the stream ended (END_STREAM)."""
    body = b""
    status = None
    ended = False
    while True:
        got = conn.read_frame()
        if got is None:
            print("goaway=none")
            break
        kind, flags, stream, payload = got
        if kind == HEADERS and stream == 1:
            status = dict(conn.decoder.decode(payload)).get(":status")
            if flags & END_STREAM:
                ended = True
                break
        elif kind == DATA and stream == 1:
            body += payload
            if flags & END_STREAM:
                ended = True
                break
        elif kind == RST_STREAM and stream == 1:
            print("reset=%d" % struct.unpack(">I", payload)[0])
            break
        elif kind == GOAWAY:
            print("goaway=%d" % struct.unpack(">I", payload[4:8])[0])
            break
    if status is not None:
        print("status=" + status)
        print("length=%d" % len(body))
        for line in body.decode("utf-8", "replace").splitlines():
            print("body." + line)
    return ended


def streams(conn, count):
    frames = [frame(HEADERS, END_HEADERS, 1 + 2 * i, conn.headers("POST", "/info?stream=%d" % i)) for i in range(count)]
    seen = {"refused": 0, "other": 0, "answered": {}, "goaway": None}

    def on_frame(kind, flags, stream, payload):
        if kind == RST_STREAM:
            seen["refused" if struct.unpack(">I", payload)[0] == 7 else "other"] += 1
        elif kind == HEADERS:
            seen["answered"][stream] = dict(conn.decoder.decode(payload)).get(":status")
        elif kind == GOAWAY:
            seen["goaway"] = struct.unpack(">I", payload[4:8])[0]
            return True
        return seen["refused"] + seen["other"] + len(seen["answered"]) >= count

    conn.exchange([b"".join(frames)], on_frame, lambda: print("sent=%d" % count, flush=True))
    if seen["goaway"] is not None:
        print("goaway=%d" % seen["goaway"])
    print("refused=%d" % seen["refused"])
    print("other=%d" % seen["other"])
    print("answered=%d" % len(seen["answered"]))
    print("statuses=" + ",".join(sorted(set(seen["answered"].values()))))


def closed_window(conn, path):
    conn.send(frame(HEADERS, END_HEADERS | END_STREAM, 1, conn.headers("GET", path)))
    print("sent=1", flush=True)
    sys.stdin.readline()
    conn.send(frame(WINDOW_UPDATE, 0, 1, struct.pack(">I", 65535)))
    print("ended=" + ("yes" if read_response(conn) else "no"))


def rapid_reset(conn, count):
    def chunks():
        batch = b""
        for i in range(count):
            stream = 1 + 2 * i
            batch += frame(HEADERS, END_HEADERS | END_STREAM, stream, conn.headers("GET", "/info?reset=%d" % i))
            batch += frame(RST_STREAM, 0, stream, struct.pack(">I", 8))
            if len(batch) > 16384:
                yield batch
                batch = b""
        yield batch
    # Encoded before the first byte goes out, so that the frames leave at wire speed.
    print("goaway=" + conn.send_while_reading(list(chunks())))


def flood(conn, kind, count):
    if kind == "empty-continuation":
        while conn.read_frame()[0] != SETTINGS:
            pass
        conn.send(frame(HEADERS, 0, 1, conn.headers("GET", "/info?flood")))
        one = frame(CONTINUATION, 0, 1)
    elif kind == "empty-data":
        conn.send(frame(HEADERS, END_HEADERS, 1, conn.headers("POST", "/info?flood")))
        one = frame(DATA, 0, 1)
    elif kind == "ping":
        one = PING_FRAME
    elif kind == "preface-ping":
        one, count = PING_FRAME, count - BURST  # the first BURST went with the preface
    elif kind == "settings":
        one = frame(SETTINGS, 0, 0)
    else:
        raise SystemExit("unknown flood " + kind)
    print("goaway=" + conn.send_while_reading(one * 500 for _ in range(0, count, 500)))


PING_FRAME = frame(PING, 0, 0, b"12345678")
BURST = 300  # over --http2-max-control-frames' default (200), and within one read of the server's


def timed(conn, start):
    began = time.monotonic()
    start(conn)
    print("goaway=" + conn.until_goaway())
    print("seconds=%.2f" % (time.monotonic() - began))


def main():
    args = sys.argv[1:]
    wait = 60.0
    if args and args[0] == "--wait":
        wait = float(args[1])
        args = args[2:]
    host, port, mode, scenario, rest = args[0], int(args[1]), args[2], args[3], args[4:]
    preface_burst = scenario == "flood" and rest[0] == "preface-ping"
    # SETTINGS_INITIAL_WINDOW_SIZE (4) = 0: no stream may be sent DATA until a WINDOW_UPDATE.
    settings = struct.pack(">HI", 4, 0) if scenario == "closed-window" else b""
    conn = Conn(host, port, mode, wait, PING_FRAME * BURST if preface_burst else b"", settings)
    if scenario == "request":
        request(conn, rest[0], rest[1], rest[2:])
    elif scenario == "stalled-body":
        request(conn, "POST", rest[0], ["content-length: 10", "content-type: text/plain"], end_stream=False)
    elif scenario == "post":
        size = int(rest[1])
        request(conn, "POST", rest[0], ["content-length: %d" % size, "content-type: text/plain"], data=b"x" * size)
    elif scenario == "streams":
        streams(conn, int(rest[0]))
    elif scenario == "closed-window":
        closed_window(conn, rest[0])
    elif scenario == "rapid-reset":
        rapid_reset(conn, int(rest[0]))
    elif scenario == "flood":
        flood(conn, rest[0], int(rest[1]))
    elif scenario == "idle":
        timed(conn, lambda c: None)
    elif scenario == "request-then-idle":
        request(conn, "GET", rest[0], [])
        sys.stdout.flush()
        timed(conn, lambda c: None)
        print("last=%s" % conn.last_stream)
    elif scenario == "open-header-block":
        # After the server's SETTINGS is acknowledged: nothing may come between HEADERS and its CONTINUATION.
        while conn.read_frame()[0] != SETTINGS:
            pass
        timed(conn, lambda c: c.send(frame(HEADERS, 0, 1, c.headers("GET", "/info?open-block"))))
    elif scenario == "dripped-header-block":
        while conn.read_frame()[0] != SETTINGS:
            pass
        dripped = []

        def drip():
            yield frame(HEADERS, 0, 1, conn.headers("GET", "/info?dripped-block"))
            for _ in range(40):
                time.sleep(0.5)
                dripped.append(1)
                yield frame(CONTINUATION, 0, 1)
        print("goaway=" + conn.send_while_reading(drip()))
        print("dripped=%d" % len(dripped))
    else:
        raise SystemExit("unknown scenario " + scenario)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
