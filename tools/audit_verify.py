#!/usr/bin/env python3
"""Independent verifier for a ChittySync audit log.

Written from the specifications alone -- RFC 6962/9162 (Merkle tree, proofs), RFC 8785 (JSON
canonicalization), C2SP signed-note, tlog-checkpoint and tlog-cosignature -- and sharing no code
with ChittySync, so it can confirm that what ChittySync exports is checkable by anyone.

Needs Python 3.9+ and the 'cryptography' package (for Ed25519).

Usage:
  audit_verify.py log --entries export.jsonl --checkpoint note.txt --vkey VKEY
                      [--witness VKEY ...] [--quorum K]
  audit_verify.py inclusion --proof prove.json --entries export.jsonl --checkpoint note.txt --vkey VKEY
  audit_verify.py consistency --proof consistency.json --old note1.txt --new note2.txt --vkey VKEY

Exit status 0 when everything verifies, 1 with the first failure on stderr.
"""
import argparse
import base64
import hashlib
import json
import math
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Failure(Exception):
    pass


# ---------------------------------------------------------------- RFC 8785

def _jcs_number(value):
    if isinstance(value, bool):
        raise Failure("unexpected boolean")
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise Failure("integer outside IEEE-754 exact range")
        return str(value)
    if math.isnan(value) or math.isinf(value):
        raise Failure("NaN/Infinity are not JSON")
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    # ECMAScript Number.prototype.toString via the shortest repr.
    r = repr(value)
    mantissa, _, exponent = r.partition("e")
    if not exponent:
        return r
    digits = mantissa.replace(".", "").replace("-", "").lstrip("0") or "0"
    exp = int(exponent)
    point = exp + (mantissa.lstrip("-").find(".") if "." in mantissa else len(mantissa.lstrip("-")))
    sign = "-" if value < 0 else ""
    k = len(digits.rstrip("0")) or 1
    digits = digits[:k]
    if k <= point <= 21:
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * (-point) + digits
    e = point - 1
    head = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + head + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def _jcs_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20:
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs(value):
    """RFC 8785 canonical form of a parsed JSON value, as a str."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return _jcs_number(value)
    if isinstance(value, str):
        return _jcs_string(value)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        # Members sorted by their names' UTF-16 code units.
        keys = sorted(value.keys(), key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(_jcs_string(k) + ":" + jcs(value[k]) for k in keys) + "}"
    raise Failure("not a JSON value: %r" % (value,))


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise Failure("duplicate member %r" % k)
        obj[k] = v
    return obj


# ---------------------------------------------------------------- RFC 6962 / 9162

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(leaves):
    """Merkle Tree Hash of a list of leaf hashes (RFC 6962 section 2.1)."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        raise Failure("index %d is not below tree size %d" % (index, size))
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise Failure("inclusion proof too long")
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Failure("inclusion proof too short")
    if r != root:
        raise Failure("inclusion proof does not lead to the root")


def verify_consistency(size1, size2, proof, root1, root2):
    """RFC 9162 section 2.1.4.2."""
    if size1 > size2:
        raise Failure("old size above new size")
    if size1 == size2:
        if proof:
            raise Failure("proof must be empty for equal sizes")
        if root1 != root2:
            raise Failure("equal sizes with different roots")
        return
    if size1 == 0:
        raise Failure("consistency from an empty tree is not proved")
    if not proof:
        raise Failure("empty consistency proof")
    if size1 & (size1 - 1) == 0:
        proof = [root1] + list(proof)
    fn, sn = size1 - 1, size2 - 1
    while fn % 2 == 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            raise Failure("consistency proof too long")
        if fn % 2 == 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Failure("consistency proof too short")
    if fr != root1 or sr != root2:
        raise Failure("consistency proof does not match the roots")


# ---------------------------------------------------------------- C2SP notes

EM_DASH = "\u2014"


def parse_vkey(vkey):
    name, key_hash, rest = vkey.split("+", 2)
    raw = base64.b64decode(rest, validate=True)
    if raw[0] != 0x01 or len(raw) != 33:
        raise Failure("verifier key %s is not an Ed25519 key" % name)
    pub = raw[1:]
    key_id = hashlib.sha256(name.encode() + b"\n" + b"\x01" + pub).digest()[:4]
    if key_id.hex() != key_hash:
        raise Failure("verifier key %s: key hash does not match" % name)
    return name, key_id, pub


def split_note(text):
    if not text.endswith("\n"):
        raise Failure("note does not end with a newline")
    sep = text.rfind("\n\n")
    if sep < 0:
        raise Failure("note has no signature block")
    body = text[: sep + 1]
    sigs = []
    for line in text[sep + 2 :].splitlines():
        if not line.startswith(EM_DASH + " "):
            raise Failure("malformed signature line %r" % line)
        name, _, b64 = line[2:].rpartition(" ")
        sigs.append((name, base64.b64decode(b64, validate=True)))
    return body, sigs


def verify_note(text, vkey):
    name, key_id, pub = parse_vkey(vkey)
    body, sigs = split_note(text)
    for sig_name, blob in sigs:
        if sig_name == name and blob[:4] == key_id:
            try:
                Ed25519PublicKey.from_public_bytes(pub).verify(blob[4:], body.encode("utf-8"))
            except InvalidSignature:
                raise Failure("log signature by %s does not verify" % name)
            return body, sigs
    raise Failure("note is not signed by %s" % name)


def parse_checkpoint(body):
    lines = body.split("\n")[:-1]
    if len(lines) < 3:
        raise Failure("checkpoint body has fewer than three lines")
    origin, size, root = lines[0], lines[1], base64.b64decode(lines[2], validate=True)
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise Failure("bad tree size %r" % size)
    if len(root) != 32:
        raise Failure("root is not 32 bytes")
    return origin, int(size), root


def count_cosignatures(body, sigs, witness_vkeys):
    good = set()
    for vkey in witness_vkeys:
        name, _, rest = vkey.split("+", 2)
        raw = base64.b64decode(rest, validate=True)
        if raw[0] != 0x04 and raw[0] != 0x01:
            raise Failure("witness key %s: unsupported type" % name)
        pub = raw[1:]
        key_id = hashlib.sha256(name.encode() + b"\n" + b"\x04" + pub).digest()[:4]
        for sig_name, blob in sigs:
            if sig_name != name or blob[:4] != key_id or len(blob) != 76:
                continue
            (timestamp,) = struct.unpack(">Q", blob[4:12])
            message = ("cosignature/v1\ntime %d\n" % timestamp).encode() + body.encode("utf-8")
            try:
                Ed25519PublicKey.from_public_bytes(pub).verify(blob[12:], message)
                good.add(name)
            except InvalidSignature:
                raise Failure("cosignature by %s does not verify" % name)
    return good


# ---------------------------------------------------------------- commands

def read_entries(path):
    leaves = []
    with open(path, encoding="utf-8") as f:
        for expected, line in enumerate(f):
            record = json.loads(line, object_pairs_hook=_no_duplicates)
            if record.get("seq") != expected:
                raise Failure("line %d has seq %r; the log must be gapless and in order" % (expected + 1, record.get("seq")))
            entry = record["entry"]
            if entry.get("seq") != expected:
                raise Failure("entry %d says seq %r" % (expected, entry.get("seq")))
            leaves.append(leaf_hash(jcs(entry).encode("utf-8")))
    return leaves


def cmd_log(args):
    leaves = read_entries(args.entries)
    text = open(args.checkpoint, encoding="utf-8").read()
    body, sigs = verify_note(text, args.vkey)
    origin, size, root = parse_checkpoint(body)
    if size > len(leaves):
        raise Failure("checkpoint covers %d entries, export has %d" % (size, len(leaves)))
    if mth(leaves[:size]) != root:
        raise Failure("root of the first %d exported entries differs from the checkpoint" % size)
    witnesses = count_cosignatures(body, sigs, args.witness or [])
    quorum = args.quorum if args.quorum is not None else len(args.witness or [])
    if len(witnesses) < quorum:
        raise Failure("%d of %d required witnesses cosigned" % (len(witnesses), quorum))
    print("OK log %s: %d entries, checkpoint %d verified, %d cosignature(s)" % (origin, len(leaves), size, len(witnesses)))


def cmd_inclusion(args):
    proof = json.load(open(args.proof, encoding="utf-8"))
    leaves = read_entries(args.entries)
    body, _ = verify_note(open(args.checkpoint, encoding="utf-8").read(), args.vkey)
    _, size, root = parse_checkpoint(body)
    if proof["tree_size"] != size:
        raise Failure("proof is for size %d, checkpoint is %d" % (proof["tree_size"], size))
    leaf = bytes.fromhex(proof["leaf_hash"])
    if leaf != leaves[proof["seq"]]:
        raise Failure("proof's leaf hash is not the hash of exported entry %d" % proof["seq"])
    verify_inclusion(proof["seq"], size, leaf, [bytes.fromhex(h) for h in proof["proof"]], root)
    print("OK inclusion of %d in %d" % (proof["seq"], size))


def cmd_consistency(args):
    proof = json.load(open(args.proof, encoding="utf-8"))
    _, size1, root1 = parse_checkpoint(verify_note(open(args.old, encoding="utf-8").read(), args.vkey)[0])
    _, size2, root2 = parse_checkpoint(verify_note(open(args.new, encoding="utf-8").read(), args.vkey)[0])
    if (proof["from"], proof["to"]) != (size1, size2):
        raise Failure("proof is for %d..%d, checkpoints are %d..%d" % (proof["from"], proof["to"], size1, size2))
    verify_consistency(size1, size2, [bytes.fromhex(h) for h in proof["proof"]], root1, root2)
    print("OK consistency %d -> %d" % (size1, size2))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("log")
    p.add_argument("--entries", required=True)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--vkey", required=True)
    p.add_argument("--witness", action="append")
    p.add_argument("--quorum", type=int)
    p.set_defaults(run=cmd_log)
    p = sub.add_parser("inclusion")
    p.add_argument("--proof", required=True)
    p.add_argument("--entries", required=True)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--vkey", required=True)
    p.set_defaults(run=cmd_inclusion)
    p = sub.add_parser("consistency")
    p.add_argument("--proof", required=True)
    p.add_argument("--old", required=True)
    p.add_argument("--new", required=True)
    p.add_argument("--vkey", required=True)
    p.set_defaults(run=cmd_consistency)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (Failure, KeyError, ValueError) as e:
        print("FAIL %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
