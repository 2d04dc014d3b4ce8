// The API client. The bearer token lives in IndexedDB so the session survives closing the browser
// and the service worker can sync with it.
import { kvGet, kvSet } from "./db.js";

let cachedToken;

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || `http_${status}`;
    this.details = body?.details;
  }
}

export class NetworkError extends Error {
  constructor(cause) { super(String(cause?.message || cause)); this.status = 0; this.code = "network"; }
}

export const token = {
  async get() { if (cachedToken === undefined) cachedToken = (await kvGet("token")) ?? null; return cachedToken; },
  async set(value) { cachedToken = value; await kvSet("token", value); },
  async clear() { cachedToken = null; await kvSet("token", null); },
  forget() { cachedToken = undefined; },
};

/** fn(signal), aborted after `ms`. */
async function withTimeout(ms, fn) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** fetch, then read(response), both within the timeout: an answer that stalls halfway through its
 *  body must not hold the outbox (and its Web Lock) forever. No answer in time: NetworkError. */
async function request(path, { method = "GET", body, raw, contentType, timeoutMs = 20000 } = {}, read) {
  const headers = { Accept: "application/json" };
  const bearer = await token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let payload;
  if (raw !== undefined) { payload = raw; headers["Content-Type"] = contentType; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers["Content-Type"] = "application/json"; }
  try {
    return await withTimeout(timeoutMs, async (signal) =>
      read(await fetch(`/api/v1${path}`, { method, headers, body: payload, signal, cache: "no-store" })));
  } catch (error) {
    throw error instanceof ApiError ? error : new NetworkError(error);
  }
}

/** JSON call; throws ApiError (the server answered no) or NetworkError (no answer). */
export function api(path, options = {}) {
  return request(path, options, async (response) => {
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: a proxy's error page */ }
    if (!response.ok) throw new ApiError(response.status, data);
    if (data && typeof data === "object") Object.defineProperty(data, "httpStatus", { value: response.status });
    return data;
  });
}

/** Whether the server answers at all (any status will do). navigator.onLine only says that there is
 *  a network, not a way to the server (Wi-Fi without uplink, a captive portal). */
export async function ping(timeoutMs = 5000) {
  try {
    await withTimeout(timeoutMs, (signal) => fetch("/api/health", { cache: "no-store", signal }));
    return true;
  } catch {
    return false;
  }
}

/** A photo or thumbnail as a Blob (needs the bearer header, so no plain <img src>); a minute, as the
 *  body counts too (a whole photo or an export over a slow link). */
export function apiBlob(path) {
  return request(path, { timeoutMs: 60000 }, async (response) => {
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    return response.blob();
  });
}

/** Save what the API sends as a file (the bearer header rules out a plain download link). */
export async function saveFile(path, name) {
  const url = URL.createObjectURL(await apiBlob(path));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
