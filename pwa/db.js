// IndexedDB: the only storage of the app (works in the page and in the service worker).
//   kv       settings and reference data: token, user, schools, checklists, hazard list, lastSync
//   outbox   writes waiting for the server (see outbox.js)
//   photos   photos taken on this phone, by SHA-256: { sha, blob, taken_at, lat, lon, accuracy_m }
//   drafts   inspections in progress, by inspection id
//   hazards  hazard details seen, by id (offline detail, proof and verification)
//   remote   photos fetched from the server (thumbnails), by "sha:thumb"
const NAME = "safecampus";
const VERSION = 1;
const STORES = { kv: null, outbox: "id", photos: "sha", drafts: "id", hazards: "id", remote: null };
let opening;

export function openDb() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      for (const [store, keyPath] of Object.entries(STORES)) {
        if (!request.result.objectStoreNames.contains(store)) {
          request.result.createObjectStore(store, keyPath ? { keyPath } : undefined);
        }
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => { opening = undefined; reject(request.error); };
  });
  return opening;
}

async function run(store, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(request?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const get = (store, key) => run(store, "readonly", (s) => s.get(key));
export const all = (store) => run(store, "readonly", (s) => s.getAll());
export const put = (store, value, key) => run(store, "readwrite", (s) => (key === undefined ? s.put(value) : s.put(value, key)));
export const del = (store, key) => run(store, "readwrite", (s) => s.delete(key));
export const clear = (store) => run(store, "readwrite", (s) => s.clear());

export const kvGet = (key) => get("kv", key);
export const kvSet = (key, value) => put("kv", value, key);

/** Put several records in one transaction (all or nothing). */
export async function putMany(store, values) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, "readwrite");
    for (const value of values) tx.objectStore(store).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}
