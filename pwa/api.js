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

async function request(path, { method = "GET", body, raw, contentType, timeoutMs = 20000 } = {}) {
  const headers = { Accept: "application/json" };
  const bearer = await token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let payload;
  if (raw !== undefined) { payload = raw; headers["Content-Type"] = contentType; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers["Content-Type"] = "application/json"; }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(`/api/v1${path}`, { method, headers, body: payload, signal: controller.signal, cache: "no-store" });
  } catch (error) {
    throw new NetworkError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** JSON call; throws ApiError (the server answered no) or NetworkError (no answer). */
export async function api(path, options = {}) {
  const response = await request(path, options);
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  if (data && typeof data === "object") Object.defineProperty(data, "httpStatus", { value: response.status });
  return data;
}

/** A photo or thumbnail as a Blob (needs the bearer header, so no plain <img src>). */
export async function apiBlob(path) {
  const response = await request(path);
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.blob();
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
