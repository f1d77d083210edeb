/* Re-verify a log entry's inclusion proof in the browser (RFC 9162 §2.1.3.2).
   Reads data-* attributes of #browser-check; uses WebCrypto SHA-256 only. */
(function () {
  "use strict";

  function fromBase64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function concat(prefix, a, b) {
    var out = new Uint8Array(1 + a.length + (b ? b.length : 0));
    out[0] = prefix;
    out.set(a, 1);
    if (b) out.set(b, 1 + a.length);
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    var diff = 0;
    for (var i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  async function verifyInclusion(index, size, leaf, proof, root) {
    if (index >= size) return false;
    var fn = index, sn = size - 1;
    var r = await sha256(concat(0x00, leaf));
    for (var i = 0; i < proof.length; i++) {
      var p = proof[i];
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(0x01, p, r));
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await sha256(concat(0x01, r, p));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && equal(r, root);
  }

  // JSON with object keys sorted, so two parses of the same document compare equal.
  function sortedJson(value) {
    if (Array.isArray(value)) return "[" + value.map(sortedJson).join(",") + "]";
    if (value !== null && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) {
        return JSON.stringify(k) + ":" + sortedJson(value[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  // Is the fact this page shows exactly the document in the leaf bytes?
  function shownIsLeaf(leaf, shownText) {
    try {
      var decoded = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(leaf));
      return sortedJson(decoded) === sortedJson(JSON.parse(shownText));
    } catch (e) {
      return false;
    }
  }

  async function run() {
    var box = document.getElementById("browser-check");
    var result = document.getElementById("browser-check-result");
    if (!box || !result) return;
    if (!window.crypto || !crypto.subtle) {
      result.textContent = box.dataset.textNoCrypto;
      return;
    }
    var proofText = (box.dataset.proof || "").trim();
    var leaf = fromBase64(box.dataset.leaf);
    var shownOk = shownIsLeaf(leaf, box.dataset.shown || "");
    var proofOk = await verifyInclusion(
      Number(box.dataset.index), Number(box.dataset.size), leaf,
      proofText ? proofText.split(/\s+/).map(fromBase64) : [], fromBase64(box.dataset.root)
    );
    var ok = shownOk && proofOk;
    result.textContent = ok
      ? box.dataset.textVerified
      : !shownOk
        ? box.dataset.textNotShown
        : box.dataset.textNotProved;
    result.classList.add(ok ? "status-approved" : "status-declined");
    box.dataset.verified = ok ? "yes" : "no";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
