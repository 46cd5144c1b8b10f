# upstream.py: what the profile tests' programs talk to, unconfined.
#
#   python3 upstream.py FOLDER
#
# Serves HTTP on a free loopback port: GET /big answers 1 MB (many reads
# for whoever receives it), GET /cookie sets a cookie, GET /echo-headers
# answers the request's Authorization, Cookie and User-Agent, POST /sum
# answers the MD5 of the body.  Answers DNS queries on a free UDP port:
# every A query gets 127.0.0.1.  Writes "HTTP_PORT DNS_PORT" to
# FOLDER/ports when both listen, and serves until killed.
import hashlib
import http.server
import os
import socket
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


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
threading.Thread(target=dns, args=(udp,), daemon=True).start()
with open(os.path.join(sys.argv[1], "ports.new"), "w") as ports:
    ports.write("%d %d\n" % (server.server_address[1], udp.getsockname()[1]))
os.rename(os.path.join(sys.argv[1], "ports.new"), os.path.join(sys.argv[1], "ports"))
server.serve_forever()
