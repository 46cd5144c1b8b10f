# upstream.py: what the profile tests' programs talk to, unconfined.
#
#   python3 upstream.py FOLDER [DNS_PORT [HTTP_PORT [HTTPS_PORT]]]
#
# Serves HTTP on HTTP_PORT of the loopback (else a free port): GET /big answers 1 MB (many reads
# for whoever receives it), GET /cookie sets a cookie, GET /echo-headers
# answers the request's Authorization, Cookie and User-Agent, POST /sum
# answers the MD5 of the body.  Serves the same over HTTPS (on HTTPS_PORT,
# else a free one) when FOLDER/cert.pem and FOLDER/key.pem exist.  Answers DNS queries on
# DNS_PORT (else a free one) over UDP: every A query gets 127.0.0.1.
# Greets FTP clients and logs them in, and refuses the rest.  Writes
# "HTTP DNS HTTPS FTP" (the ports, 0 for no HTTPS) to FOLDER/ports when
# all listen, and serves until killed.
import hashlib
import http.server
import os
import socket
import ssl
import struct
import sys
import threading

BIG = b"".join(b"%07d\n" % i for i in range(125000))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, body, headers=()):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.endswith("/big"):
            self.answer(BIG)
        elif self.path.endswith("/cookie"):
            self.answer(b"cookie set\n", [("Set-Cookie", "flavour=oat; Path=/")])
        elif self.path.endswith("/echo-headers"):
            lines = ["%s: %s\n" % (name, self.headers.get(name, "-"))
                     for name in ("Authorization", "Cookie", "User-Agent")]
            self.answer("".join(lines).encode())
        else:
            self.answer(b"upstream\n")

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(hashlib.md5(body).hexdigest().encode() + b"\n")

    def log_message(self, *args):
        pass


def dns(sock):
    while True:
        query, peer = sock.recvfrom(512)
        end = 12
        while query[end]:
            end += query[end] + 1
        question = query[12:end + 5]
        answers = b""
        if query[end + 1:end + 3] == b"\x00\x01":
            answers = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x01"
        sock.sendto(query[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, len(answers) and 1, 0, 0)
                    + question + answers, peer)


def ftp(listener):
    while True:
        client, _ = listener.accept()
        with client, client.makefile("rwb", buffering=0) as talk:
            talk.write(b"220 ready\r\n")
            for line in talk:
                verb = line.split()[0].upper() if line.split() else b""
                answers = {b"USER": b"331 password", b"PASS": b"230 in", b"PWD": b'257 "/"',
                           b"TYPE": b"200 ok", b"EPRT": b"200 ok", b"PORT": b"200 ok",
                           b"QUIT": b"221 bye"}
                talk.write(answers.get(verb, b"502 no") + b"\r\n")
                if verb == b"QUIT":
                    break


folder = sys.argv[1]
dns_port, http_port, https_port = (list(map(int, sys.argv[2:])) + [0, 0, 0])[:3]
server = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), Handler)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", dns_port))
threading.Thread(target=dns, args=(udp,), daemon=True).start()
control = socket.create_server(("127.0.0.1", 0))
threading.Thread(target=ftp, args=(control,), daemon=True).start()
tls_port = 0
if os.path.exists(os.path.join(folder, "cert.pem")):
    tls = http.server.ThreadingHTTPServer(("127.0.0.1", https_port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem"))
    tls.socket = context.wrap_socket(tls.socket, server_side=True)
    threading.Thread(target=tls.serve_forever, daemon=True).start()
    tls_port = tls.server_address[1]
with open(os.path.join(folder, "ports.new"), "w") as ports:
    ports.write("%d %d %d %d\n" % (server.server_address[1], udp.getsockname()[1], tls_port,
                                   control.getsockname()[1]))
os.rename(os.path.join(folder, "ports.new"), os.path.join(folder, "ports"))
server.serve_forever()
