// The audit entry page's in-browser verification (see audit/entry.jte). Nothing here trusts the
// server's word: from the entry's exact canonical bytes and a C2SP tlog-proof it recomputes the
// leaf hash, walks the RFC 6962 / RFC 9162 inclusion path to the root, compares that with the
// checkpoint's root, and checks the log's Ed25519 note signature and each witness's cosignature
// (c2sp.org/tlog-cosignature) with WebCrypto, against the keys the dashboard is configured with.
(function () {
  "use strict";

  var enc = new TextEncoder();

  function fail(what) {
    var e = new Error(what);
    e.verdict = true;
    return e;
  }

  function b64(s, what) {
    if (typeof s !== "string" || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
      throw fail(what + " is not base64");
    }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function concat() {
    var n = 0, i;
    for (i = 0; i < arguments.length; i++) { n += arguments[i].length; }
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], at); at += arguments[i].length; }
    return out;
  }

  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    var d = 0;
    for (var i = 0; i < a.length; i++) { d |= a[i] ^ b[i]; }
    return d === 0;
  }

  function sha256(bytes) {
    return crypto.subtle.digest("SHA-256", bytes).then(function (d) { return new Uint8Array(d); });
  }

  function count(n) { return Number(n).toLocaleString("en-US"); }

  // c2sp.org/tlog-proof@v1: header, [extra], index, hashes, blank line, the signed checkpoint.
  function parseProof(text) {
    text = text.replace(/\r\n/g, "\n");
    var blank = text.indexOf("\n\n");
    if (blank < 0) { throw fail("the proof has no blank line before its checkpoint"); }
    var lines = text.substring(0, blank).split("\n");
    if (lines[0] !== "c2sp.org/tlog-proof@v1") { throw fail("the proof does not start with c2sp.org/tlog-proof@v1"); }
    var i = 1;
    if (lines[i] && lines[i].indexOf("extra ") === 0) { i++; }
    var m = /^index (0|[1-9][0-9]{0,15})$/.exec(lines[i] || "");
    if (!m) { throw fail("the proof has no valid 'index' line"); }
    var path = [];
    for (i++; i < lines.length; i++) {
      var h = b64(lines[i], "proof hash " + (path.length + 1));
      if (h.length !== 32) { throw fail("proof hash " + (path.length + 1) + " is not 32 bytes"); }
      path.push(h);
    }
    var note = text.substring(blank + 2);
    var split = note.lastIndexOf("\n\n");
    if (split < 0 || note.charAt(note.length - 1) !== "\n") { throw fail("the checkpoint is not a signed note"); }
    var body = note.substring(0, split + 1);
    var sigs = note.substring(split + 2, note.length - 1).split("\n").map(function (line) {
      var s = /^\u2014 ([^ +]+) ([A-Za-z0-9+/=]+)$/.exec(line);
      if (!s) { throw fail("the checkpoint has a malformed signature line"); }
      var raw = b64(s[2], "the signature of " + s[1]);
      if (raw.length < 5) { throw fail("the signature of " + s[1] + " is too short"); }
      return { name: s[1], keyId: hex(raw.subarray(0, 4)), sig: raw.subarray(4), line: line };
    });
    var cp = body.split("\n");
    if (cp.length < 4 || !/^(0|[1-9][0-9]{0,15})$/.test(cp[1])) { throw fail("the checkpoint body is malformed"); }
    var root = b64(cp[2], "the checkpoint's root hash");
    if (root.length !== 32) { throw fail("the checkpoint's root hash is not 32 bytes"); }
    return { index: Number(m[1]), path: path, body: body, origin: cp[0], size: Number(cp[1]), root: root, sigs: sigs };
  }

  // RFC 9162, section 2.1.3.2.
  function rootFromPath(index, size, leaf, path) {
    if (index >= size) { return Promise.reject(fail("path/root mismatch: entry " + index + " is not in a tree of " + size)); }
    var fn = index, sn = size - 1, r = Promise.resolve(leaf), one = new Uint8Array([1]);
    path.forEach(function (p) {
      r = r.then(function (cur) {
        if (sn === 0) { throw fail("path/root mismatch: the inclusion path is too long"); }
        var next;
        if (fn % 2 === 1 || fn === sn) {
          next = sha256(concat(one, p, cur));
          if (fn % 2 === 0) {
            while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
          }
        } else {
          next = sha256(concat(one, cur, p));
        }
        fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
        return next;
      });
    });
    return r.then(function (cur) {
      if (sn !== 0) { throw fail("path/root mismatch: the inclusion path is too short"); }
      return cur;
    });
  }

  function ed25519(publicKey, signature, message) {
    return crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"])
      .then(function (key) { return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message); },
        function () { var e = new Error("unsupported"); e.unsupported = true; throw e; });
  }

  function cosignedMessage(body, timestamp) {
    return concat(enc.encode("cosignature/v1\ntime " + timestamp + "\n"), enc.encode(body));
  }

  function u64(bytes) {
    var n = 0;
    for (var i = 0; i < 8; i++) { n = n * 256 + bytes[i]; }
    return n;
  }

  function verify(data, proofText) {
    var checks = [];
    function ok(text) { checks.push({ ok: true, text: text }); }
    var proof, entry;
    return Promise.resolve().then(function () {
      proof = parseProof(proofText);
      entry = b64(data.entry, "the entry");
      if (proof.index !== data.seq) {
        throw fail("the proof is for entry " + count(proof.index) + ", not for entry " + count(data.seq) + " shown here");
      }
      return sha256(concat(new Uint8Array([0]), entry));
    }).then(function (leaf) {
      if (hex(leaf) !== data.leafHash) { throw fail("leaf hash: the entry's bytes hash to " + hex(leaf) + ", not to the leaf hash shown"); }
      ok("Leaf hash " + hex(leaf).substring(0, 16) + "… recomputed from the entry's canonical bytes.");
      return rootFromPath(proof.index, proof.size, leaf, proof.path);
    }).then(function (root) {
      if (!equal(root, proof.root)) { throw fail("path/root mismatch: the inclusion path does not lead to the checkpoint's root"); }
      ok("The inclusion path (" + proof.path.length + " hashes) leads to the checkpoint's root.");
      var body = enc.encode(proof.body);
      if (!data.logKey) {
        checks.push({ ok: null, text: "Log signature not checked: the dashboard has no log verifier key (CHITTYSYNC_LOG_VKEY)." });
        return { logChecked: false };
      }
      var k = data.logKey;
      var line = proof.sigs.filter(function (s) { return s.name === k.name && s.keyId === k.keyId; })[0];
      if (!line) { throw fail("log signature: the checkpoint carries no signature by the log's key " + k.name); }
      return ed25519(b64(k.publicKey, "the log key"), line.sig, body).then(function (valid) {
        if (!valid) { throw fail("log signature: the signature by " + k.name + " does not verify"); }
        ok("The checkpoint's signature by " + k.name + " verifies.");
        return { logChecked: true };
      });
    }).then(function (state) {
      var witnesses = data.witnesses || [];
      var cosigned = 0;
      var chain = Promise.resolve();
      witnesses.forEach(function (w) {
        chain = chain.then(function () {
          var line = proof.sigs.filter(function (s) { return s.name === w.name && s.keyId === w.keyId; })[0];
          if (!line) {
            checks.push({ ok: null, text: "Witness " + w.name + " has not cosigned this checkpoint." });
            return;
          }
          if (line.sig.length !== 72) { throw fail("witness " + w.name + ": its cosignature is malformed"); }
          var ts = u64(line.sig.subarray(0, 8));
          return ed25519(b64(w.publicKey, "the key of witness " + w.name), line.sig.subarray(8), cosignedMessage(proof.body, ts))
            .then(function (valid) {
              if (!valid) { throw fail("witness " + w.name + ": its cosignature does not verify"); }
              cosigned++;
              ok("Witness " + w.name + " cosigned at " + new Date(ts * 1000).toISOString().replace(".000Z", "Z") + ".");
            });
        });
      });
      return chain.then(function () {
        var signer = data.logKey ? data.logKey.name : proof.origin;
        var text = "Entry " + count(proof.index) + " is included in the log of " + count(proof.size) +
          " entries " + (state.logChecked ? "signed by " + signer : "with origin " + proof.origin + " (the log's signature was not checked: no log key is configured here)") +
          "; " + (witnesses.length === 0 ? "no witness keys are configured here, so no cosignature was checked."
            : cosigned + " of " + witnesses.length + " witness" + (witnesses.length === 1 ? "" : "es") + " cosigned.");
        return { ok: true, text: text, checks: checks };
      });
    }).catch(function (e) {
      if (e && e.unsupported) {
        return { ok: null, text: "This browser cannot verify Ed25519 signatures (WebCrypto lacks Ed25519). That is a limit of the browser, not a failure of the log: verify with `chittysync audit verify` or a newer browser.", checks: checks };
      }
      if (e && e.verdict) {
        return { ok: false, text: "Verification failed: " + e.message + ".", checks: checks };
      }
      return { ok: false, text: "Verification failed: " + (e && e.message ? e.message : String(e)) + ".", checks: checks };
    });
  }

  function show(result) {
    var verdict = document.getElementById("verdict");
    verdict.className = "verdict " + (result.ok === true ? "ok" : result.ok === false ? "fail" : "pending");
    verdict.textContent = result.text;
    var list = document.getElementById("checks");
    if (list) {
      list.textContent = "";
      result.checks.forEach(function (c) {
        var li = document.createElement("li");
        li.className = c.ok === true ? "ok" : c.ok === false ? "fail" : "note";
        li.textContent = c.text;
        list.appendChild(li);
      });
    }
  }

  function setUp() {
    var el = document.getElementById("proof-data");
    if (!el) { return; }
    var data = JSON.parse(el.textContent);
    var verdict = document.getElementById("verdict");
    if (!window.crypto || !crypto.subtle) {
      verdict.className = "verdict pending";
      verdict.textContent = "This page is not in a secure context (HTTPS or localhost), so the browser offers no WebCrypto to verify with.";
      return;
    }
    verify(data, data.proof).then(show);
    var button = document.getElementById("verify-pasted");
    var text = document.getElementById("proof-text");
    if (button && text) {
      button.addEventListener("click", function () {
        verdict.className = "verdict pending";
        verdict.textContent = "Verifying the pasted proof…";
        verify(data, text.value).then(show);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
