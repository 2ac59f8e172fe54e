#!/usr/bin/python3
"""A scripted SMTP server for meishi's mail tests. Loopback only, exits by itself.

Usage:
    /usr/bin/python3 scripts/testing/smtp-server.py OUTDIR [options]

It listens on 127.0.0.1 on a free port and prints `PORT <n>` as the first line of
stdout. Each accepted message is saved as OUTDIR/message-NNNN.eml (the DATA bytes
as received, dot-unstuffed) beside OUTDIR/message-NNNN.json (the envelope:
mail_from, rcpt_tos, and the reply sent). Files are written to a temporary name
and renamed, so a reader never sees half a message.

Scripted behaviour, per run (each list is consumed in order, one item per command;
when a list runs out, the server accepts):
    --script 451,250      replies to successive DATA commands (after the data):
                          2xx accepts and saves; 4xx/5xx rejects without saving;
                          `drop` saves the data, then closes the connection without
                          replying (the "did it arrive?" case).
    --drop-after-data     the same as `--script drop`.
    --rcpt-script 550     replies to successive RCPT TO commands.
    --auth USER:PASS      advertise AUTH PLAIN/LOGIN (also without TLS, for tests)
                          and accept only these credentials (535 otherwise).
    --tls-dir DIR         offer STARTTLS (and require it before MAIL) with a self-signed
                          certificate for 127.0.0.1, made with the openssl command as
                          DIR/cert.pem + DIR/key.pem unless they exist (trust DIR/cert.pem
                          in the client).
    --implicit-tls        with --tls-dir: TLS from the first byte (smtps) instead of STARTTLS.

It exits by itself: after --idle SECONDS without a connection or command
(default 30), after --lifetime SECONDS in all (default 300), and, with
--until-stdin-closes, as soon as its standard input reaches end of file (a test
keeps a pipe open, so a crashed test never leaves the server running).

Needs Debian's python3-aiosmtpd (`apt-get install -y python3-aiosmtpd`).
"""

import argparse
import asyncio
import json
import os
import ssl
import subprocess
import sys
import time
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:  # pragma: no cover
    sys.stderr.write("smtp-server: python3-aiosmtpd is missing: apt-get install -y python3-aiosmtpd\n")
    sys.exit(3)


REPLY_TEXT = {
    250: "250 2.0.0 OK: queued as {n}",
    421: "421 4.3.2 service shutting down, try again later",
    450: "450 4.2.0 mailbox busy, try again",
    451: "451 4.3.0 try again",
    452: "452 4.3.1 insufficient system storage",
    550: "550 5.7.1 message refused by policy",
    552: "552 5.3.4 message too big",
    553: "553 5.1.3 bad recipient address syntax",
    554: "554 5.6.0 transaction failed",
}


def reply_for(item, n=0):
    """The reply line for a script item: a code (with a standard text) or `CODE text`."""
    item = item.strip()
    if " " in item:
        return item
    code = int(item)
    if code in REPLY_TEXT:
        return REPLY_TEXT[code].format(n=n)
    return "%d %d.0.0 scripted reply" % (code, code // 100)


def parse_script(text):
    items = [i.strip() for i in text.split(",") if i.strip()] if text else []
    for i in items:
        head = i.split(" ", 1)[0]
        if head != "drop" and not (head.isdigit() and len(head) == 3 and head[0] in "2345"):
            raise SystemExit("smtp-server: bad script item %r (a 3-digit code, or `drop`)" % i)
    return items


class Handler:
    def __init__(self, outdir, data_script, rcpt_script, verbose):
        self.outdir = outdir
        self.data_script = data_script
        self.rcpt_script = rcpt_script
        self.verbose = verbose
        self.saved = 0
        self.connections = 0
        self.last_activity = time.monotonic()

    def log(self, text):
        if self.verbose:
            sys.stderr.write("smtp-server: %s\n" % text)
            sys.stderr.flush()

    def touch(self):
        self.last_activity = time.monotonic()

    def save(self, envelope, reply):
        self.saved += 1
        base = os.path.join(self.outdir, "message-%04d" % self.saved)
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "reply": reply,
        }
        for path, data in ((base + ".json", json.dumps(meta).encode()), (base + ".eml", content)):
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        self.log("saved %s.eml (%d bytes)" % (base, len(content)))

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.touch()
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.touch()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.touch()
        if self.rcpt_script:
            item = self.rcpt_script.pop(0)
            if not item.startswith("2"):
                self.log("RCPT %s -> %s" % (address, item))
                return reply_for(item)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.touch()
        item = self.data_script.pop(0) if self.data_script else "250"
        if item == "drop":
            self.save(envelope, None)
            self.log("DATA -> drop")
            # Close without replying: the client sent everything and hears nothing.
            server.transport.close()
            return "250 OK (never sent)"
        reply = reply_for(item, self.saved + 1)
        if reply.startswith("2"):
            self.save(envelope, reply)
        self.log("DATA -> %s" % reply)
        return reply


class CountingSMTP(SMTP):
    def connection_made(self, transport):
        self.event_handler.connections += 1
        self.event_handler.touch()
        super().connection_made(transport)

    def connection_lost(self, error):
        self.event_handler.connections -= 1
        self.event_handler.touch()
        super().connection_lost(error)


def tls_context(directory):
    """A server context with a self-signed certificate for 127.0.0.1 (made once per folder)."""
    os.makedirs(directory, exist_ok=True)
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        try:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=meishi-test-smtp",
                 "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except FileNotFoundError:
            raise SystemExit("smtp-server: the openssl command is missing: apt-get install -y openssl")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


async def watch_stdin(stop):
    loop = asyncio.get_running_loop()
    # A thread reads until EOF (works for pipes, files and ttys alike).
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    stop.set()


async def main():
    warnings.simplefilter("ignore")  # aiosmtpd's deprecation notes would only be noise
    ap = argparse.ArgumentParser(description="Scripted loopback SMTP server for tests.")
    ap.add_argument("outdir")
    ap.add_argument("--script", default="")
    ap.add_argument("--rcpt-script", default="")
    ap.add_argument("--drop-after-data", action="store_true")
    ap.add_argument("--auth", default=None, metavar="USER:PASS")
    ap.add_argument("--tls-dir", default=None)
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--idle", type=float, default=30.0)
    ap.add_argument("--lifetime", type=float, default=300.0)
    ap.add_argument("--until-stdin-closes", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    os.makedirs(args.outdir, exist_ok=True)
    data_script = parse_script(args.script)
    if args.drop_after_data:
        data_script.insert(0, "drop")
    handler = Handler(args.outdir, data_script, parse_script(args.rcpt_script), args.verbose)

    smtp_kwargs = {"hostname": "meishi-test-smtp", "ident": "meishi test SMTP", "timeout": 30}
    if args.auth is not None:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == user.encode()
                and auth_data.password == password.encode()
            )
            handler.log("AUTH %s -> %s" % (mechanism, ok))
            # handled=False: let aiosmtpd send 535 itself on failure.
            return AuthResult(success=ok, handled=False)

        smtp_kwargs.update(authenticator=authenticator, auth_require_tls=False)

    server_ssl = None
    if args.tls_dir is not None:
        ctx = tls_context(args.tls_dir)
        if args.implicit_tls:
            server_ssl = ctx
        else:
            smtp_kwargs.update(tls_context=ctx, require_starttls=True)

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: CountingSMTP(handler, **smtp_kwargs), host="127.0.0.1", port=0, ssl=server_ssl
    )
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()

    stop = asyncio.Event()
    if args.until_stdin_closes:
        loop.create_task(watch_stdin(stop))
    started = time.monotonic()
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.2)
        except asyncio.TimeoutError:
            pass
        now = time.monotonic()
        if now - started > args.lifetime:
            handler.log("lifetime reached")
            break
        if handler.connections <= 0 and now - handler.last_activity > args.idle:
            handler.log("idle, exiting")
            break
    server.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    # The stdin reader thread may still be blocked in read(): leave without joining it.
    sys.stdout.flush()
    os._exit(0)
