#!/usr/bin/env python3
"""Reads one .eml written by oesh with Python's email package and checks it against expectations.

Usage: check_eml.py MANIFEST_JSON
MANIFEST_JSON: a file holding [{"file": PATH, "expected": {...}}], expected keys: to_addr, to_name,
from_addr, subject, date (ISO 8601, optional), body_contains (list), link_token (optional: the form
link's secret, in the body and in no header: a Message-ID goes into relays' logs, bounces and replies).
Prints the problems found, one per line prefixed with the file, and exits 1 if there are any.
"""
import email
import email.policy
import json
import sys


def problems(path, expected):
    data = open(path, "rb").read()
    found = []
    head, sep, _ = data.partition(b"\r\n\r\n")
    if not sep:
        found.append("no blank CRLF line between headers and body")
    for i, line in enumerate(data.split(b"\r\n")):
        if b"\n" in line or b"\r" in line:
            found.append(f"line {i + 1}: bare CR or LF")
    for i, line in enumerate(head.split(b"\r\n")):
        if len(line) > 78:
            found.append(f"header line {i + 1} is {len(line)} characters long")
        if any(b > 126 or (b < 32 and b != 9) for b in line):
            found.append(f"header line {i + 1} is not printable ASCII: {line!r}")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if msg.defects:
        found.append(f"message defects: {msg.defects}")
    for name, value in msg.items():
        if getattr(value, "defects", None):
            found.append(f"{name} defects: {value.defects}")
    names = [name.lower() for name in msg.keys()]
    for name in ("date", "from", "to", "subject", "message-id", "mime-version", "content-type"):
        if names.count(name) != 1:
            found.append(f"{name} appears {names.count(name)} times")
    for name in ("bcc", "cc", "reply-to"):
        if name in names:
            found.append(f"unexpected {name} header")
    to = msg["To"].addresses if msg["To"] is not None else ()
    if len(to) != 1:
        found.append(f"To has {len(to)} addresses: {to}")
    else:
        if to[0].addr_spec != expected["to_addr"]:
            found.append(f"To address {to[0].addr_spec!r} != {expected['to_addr']!r}")
        if "to_domain_unicode" in expected:
            domain = to[0].domain.encode("ascii").decode("idna")
            if domain != expected["to_domain_unicode"]:
                found.append(f"To domain {domain!r} != {expected['to_domain_unicode']!r}")
        if to[0].display_name != expected["to_name"]:
            found.append(f"To name {to[0].display_name!r} != {expected['to_name']!r}")
    sender = msg["From"].addresses if msg["From"] is not None else ()
    if len(sender) != 1 or sender[0].addr_spec != expected["from_addr"]:
        found.append(f"From {sender} != {expected['from_addr']!r}")
    if str(msg["Subject"]) != expected["subject"]:
        found.append(f"Subject {str(msg['Subject'])!r} != {expected['subject']!r}")
    if msg["Date"] is None or msg["Date"].datetime is None:
        found.append("Date unreadable")
    elif "date" in expected and msg["Date"].datetime.isoformat() != expected["date"]:
        found.append(f"Date {msg['Date'].datetime.isoformat()} != {expected['date']}")
    if msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
        found.append(f"content {msg.get_content_type()} {msg.get_content_charset()}")
    body = msg.get_content()
    for text in expected.get("body_contains", []):
        if text not in body:
            found.append(f"body lacks {text!r}")
    token = expected.get("link_token")
    if token:
        if token not in body:
            found.append(f"body lacks the link's token {token!r}")
        for i, line in enumerate(head.split(b"\r\n")):
            if token.encode() in line:
                found.append(f"header line {i + 1} holds the link's token: {line!r}")
    if "\x1b" in body or "\x1b" in str(msg["Subject"]) or "\x1b" in str(msg["To"]):
        found.append("an escape character went through")
    return found


if __name__ == "__main__":
    failed = False
    with open(sys.argv[1], encoding="utf-8") as manifest:
        for item in json.load(manifest):
            for line in problems(item["file"], item["expected"]):
                print(f"{item['file']}: {line}")
                failed = True
    sys.exit(1 if failed else 0)
