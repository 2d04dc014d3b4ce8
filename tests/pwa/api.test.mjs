// The API client's timeouts (`node --test tests/pwa/`): fetch is stubbed per test.
import assert from "node:assert/strict";
import { test } from "node:test";

import { api, NetworkError, ping } from "../../pwa/api.js";

// Just enough IndexedDB for api.js to look for a token (there is none: no Authorization header).
globalThis.indexedDB = {
  open() {
    const store = { get: () => ({ result: undefined }) };
    const db = { transaction() { const tx = { objectStore: () => store }; setTimeout(() => tx.oncomplete()); return tx; } };
    const request = {};
    setTimeout(() => { request.result = db; request.onsuccess(); });
    return request;
  },
};

const neverAnswers = (url, { signal }) => new Promise((resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

test("an answer that stalls halfway through its body is given up at the timeout, as no answer", { timeout: 5000 }, async () => {
  globalThis.fetch = async (url, { signal }) => new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"id": '));
      signal.addEventListener("abort", () => controller.error(signal.reason)); // as fetch does to its body
    },
  }));
  await assert.rejects(api("/inspections/x", { method: "PUT", body: {}, timeoutMs: 50 }),
    (error) => error instanceof NetworkError && error.status === 0);
});

test("an answer that is not JSON still says what the server answered", async () => {
  globalThis.fetch = async () => new Response("<html>Bad Gateway</html>", { status: 502 });
  await assert.rejects(api("/me"), (error) => error.status === 502);
  globalThis.fetch = async () => new Response(null, { status: 204 });
  assert.equal(await api("/notices/read", { method: "POST", body: {} }), null);
});

test("ping: any answer counts, even an error; none within the time does not", { timeout: 5000 }, async () => {
  globalThis.fetch = async () => new Response("", { status: 503 });
  assert.equal(await ping(), true);
  globalThis.fetch = neverAnswers;
  assert.equal(await ping(50), false);
  globalThis.fetch = async () => { throw new TypeError("Failed to fetch"); };
  assert.equal(await ping(), false);
});
