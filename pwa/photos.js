// Photos on the phone: read EXIF capture time and GPS from the camera file, downscale to about
// 1600 px JPEG, hash with SHA-256. The sizing and EXIF parsing are pure (`node --test`).
export const LONG_EDGE = 1600;
export const JPEG_QUALITY = 0.82;

/** Target size keeping the aspect ratio, long edge at most `max`, never enlarged. */
export function fitWithin(width, height, max = LONG_EDGE) {
  const long = Math.max(width, height);
  if (!(long > 0)) return { width: 0, height: 0, scale: 1 };
  const scale = Math.min(1, max / long);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), scale };
}

export function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sha256Hex(buffer) {
  return toHex(await crypto.subtle.digest("SHA-256", buffer));
}

/** Capture time ("YYYY-MM-DDTHH:MM:SS", camera local time) and GPS from a JPEG's EXIF; {} if none. */
export function parseExif(buffer) {
  const view = new DataView(buffer);
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return {};
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset);
    const size = view.getUint16(offset + 2);
    if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) return readTiff(view, offset + 10);
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) break;
    offset += 2 + size;
  }
  return {};
}

function readTiff(view, tiff) {
  try {
    const little = view.getUint16(tiff) === 0x4949;
    const u16 = (o) => view.getUint16(tiff + o, little);
    const u32 = (o) => view.getUint32(tiff + o, little);
    const ifd = (o) => {
      const entries = new Map();
      const n = u16(o);
      for (let i = 0; i < n; i += 1) {
        const e = o + 2 + i * 12;
        entries.set(u16(e), { type: u16(e + 2), count: u32(e + 4), value: e + 8 });
      }
      return entries;
    };
    const ascii = (entry) => {
      const at = entry.count > 4 ? u32(entry.value) : entry.value;
      let s = "";
      for (let i = 0; i < entry.count - 1; i += 1) s += String.fromCharCode(view.getUint8(tiff + at + i));
      return s;
    };
    const rationals = (entry) => {
      const at = u32(entry.value);
      return Array.from({ length: entry.count }, (_, i) => u32(at + i * 8) / (u32(at + i * 8 + 4) || 1));
    };
    const result = {};
    const ifd0 = ifd(u32(4));
    const exifPtr = ifd0.get(0x8769);
    const dateEntry = (exifPtr && ifd(u32(exifPtr.value)).get(0x9003)) || ifd0.get(0x0132);
    if (dateEntry) {
      const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(ascii(dateEntry));
      if (m && m[1] !== "0000") result.takenAt = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
    }
    const gpsPtr = ifd0.get(0x8825);
    if (gpsPtr) {
      const gps = ifd(u32(gpsPtr.value));
      const dms = (e) => { const [d, m, s] = rationals(e); return d + m / 60 + s / 3600; };
      if (gps.get(2) && gps.get(4)) {
        const latRef = gps.get(1) ? String.fromCharCode(view.getUint8(gps.get(1).value + tiff)) : "N";
        const lonRef = gps.get(3) ? String.fromCharCode(view.getUint8(gps.get(3).value + tiff)) : "E";
        const lat = dms(gps.get(2)) * (latRef === "S" ? -1 : 1);
        const lon = dms(gps.get(4)) * (lonRef === "W" ? -1 : 1);
        if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
          result.lat = lat;
          result.lon = lon;
        }
      }
    }
    return result;
  } catch {
    return {};
  }
}

/** Camera local time "YYYY-MM-DDTHH:MM:SS" → ISO with the phone's current UTC offset. */
export function withDeviceOffset(local, offsetMinutes) {
  const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const sign = offsetMinutes >= 0 ? "+" : "-";
  return `${local}${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`;
}

/** Browser only: a camera file → { sha, blob, width, height, taken_at, lat, lon, accuracy_m }. */
export async function preparePhoto(file, position, nowIso) {
  const original = await file.arrayBuffer();
  const exif = parseExif(original);
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const size = fitWithin(bitmap.width, bitmap.height);
  let blob;
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(size.width, size.height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, size.width, size.height);
    blob = await canvas.convertToBlob({ type: "image/jpeg", quality: JPEG_QUALITY });
  } else {
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    canvas.getContext("2d").drawImage(bitmap, 0, 0, size.width, size.height);
    blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", JPEG_QUALITY));
  }
  bitmap.close?.();
  const sha = await sha256Hex(await blob.arrayBuffer());
  const offset = -new Date().getTimezoneOffset();
  const fromExif = exif.lat !== undefined;
  return {
    sha, blob, width: size.width, height: size.height, createdAt: Date.now(),
    taken_at: exif.takenAt ? withDeviceOffset(exif.takenAt, offset) : nowIso,
    lat: fromExif ? exif.lat : position?.lat ?? null,
    lon: fromExif ? exif.lon : position?.lon ?? null,
    accuracy_m: fromExif ? null : position?.accuracy_m ?? null,
  };
}
