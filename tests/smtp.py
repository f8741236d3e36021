"""A tiny SMTP server for tests that need a real mail server: it speaks just enough SMTP for Django's
backend (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), can stall on chosen messages, and keeps what it
accepted.

A message counts as delivered only once the server has answered 250 to the end of its DATA, which is the
moment a real mail server takes responsibility for it. A stalled message is never answered: the server
waits, reading, until the client goes away (a killed worker), and does not count it.
"""

import socketserver
import threading
from dataclasses import dataclass, field

STALL_LIMIT_SECONDS = 120  # a stalled connection is dropped after this, whatever the client does


@dataclass
class Mailbox:
    stall_first: int = 0  # how many messages to stall before accepting the rest
    delivered: list[bytes] = field(default_factory=list)
    stalled: threading.Event = field(default_factory=threading.Event)  # set once a message is held
    messages_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, message: bytes) -> bool:
        """Record a message at the end of its DATA; True to accept it, False to stall it."""
        with self.lock:
            self.messages_seen += 1
            if self.messages_seen <= self.stall_first:
                return False
            self.delivered.append(message)
            return True


class _Session(socketserver.StreamRequestHandler):
    timeout = STALL_LIMIT_SECONDS

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        mailbox: Mailbox = self.server.mailbox  # type: ignore[attr-defined]
        self.reply("220 test-smtp ready")
        try:
            while line := self.rfile.readline():
                verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
                if verb == "EHLO":
                    self.reply("250-test-smtp")
                    self.reply("250 8BITMIME")
                elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 end with <CRLF>.<CRLF>")
                    if not self._message(mailbox):
                        return
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 not implemented")
        except (TimeoutError, ConnectionError):
            return

    def _message(self, mailbox: Mailbox) -> bool:
        """Read one message; answer 250 and go on, or stall until the client leaves (False)."""
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line)
        if mailbox.take(b"".join(lines)):
            self.reply("250 OK queued")
            return True
        mailbox.stalled.set()
        while self.rfile.readline():  # empty once the client is gone
            pass
        return False


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPServer:
    """`with SMTPServer(stall_first=1) as smtp:` listens on 127.0.0.1 on a free port (`smtp.url`)."""

    def __init__(self, *, stall_first: int = 0) -> None:
        self.mailbox = Mailbox(stall_first=stall_first)
        self._server = _Server(("127.0.0.1", 0), _Session)
        self._server.mailbox = self.mailbox  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]  # an (address, port) pair: the server binds 127.0.0.1
        return f"smtp://{host!s}:{port}"

    def __enter__(self) -> "SMTPServer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
