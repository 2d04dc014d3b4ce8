// The inspection kind that fits a date, from a simple Chinese school-term calendar (pure; `node --test`).
//
// Autumn term: 1 Sep – 15 Jan; spring term: 1 Mar – 10 Jul (roughly, for Heilongjiang schools).
//   term_start: the 2 weeks before a term starts and its first 2 weeks   (开学前/开学初集中排查)
//   term_mid:   weeks 8–12 of a term (days 49–83 after the first day)     (学期中集中排查)
//   term_end:   the last 2 weeks of a term and the 2 weeks after it       (学期结束后集中排查)
//   otherwise:  daily                                                     (日常排查)
// A later issue replaces this with an editable term calendar.
const DAY = 86400000;
const TERMS = [
  { name: "autumn", start: [8, 1], end: [0, 15], endNextYear: true },
  { name: "spring", start: [2, 1], end: [6, 10], endNextYear: false },
];

function utcDay(year, month, day) { return Date.UTC(year, month, day); }

/** The terms that may matter around a calendar year: last autumn, this spring, this autumn. */
export function termsAround(year) {
  const list = [];
  for (const y of [year - 1, year]) {
    for (const term of TERMS) {
      const start = utcDay(y, ...term.start);
      const end = utcDay(term.endNextYear ? y + 1 : y, ...term.end);
      list.push({ name: term.name, start, end });
    }
  }
  return list;
}

/** `date`: a Date (its local calendar day counts) or "YYYY-MM-DD". */
export function defaultKind(date) {
  let d;
  if (typeof date === "string") {
    const [y, m, dd] = date.split("-").map(Number);
    d = utcDay(y, m - 1, dd);
  } else {
    d = utcDay(date.getFullYear(), date.getMonth(), date.getDate());
  }
  const year = new Date(d).getUTCFullYear();
  const terms = termsAround(year).concat(termsAround(year + 1));
  for (const { start } of terms) if (d >= start - 14 * DAY && d < start + 14 * DAY) return "term_start";
  for (const { end } of terms) if (d > end - 14 * DAY && d <= end + 14 * DAY) return "term_end";
  for (const { start } of terms) if (d >= start + 49 * DAY && d < start + 84 * DAY) return "term_mid";
  return "daily";
}

/** Default rectification deadline, as the server computes it: days by grade and inspection kind. */
export function defaultDueOn(grade, kind, from = new Date()) {
  const byKind = { daily: 3, supervision_general: 15, supervision_special: 15 };
  const days = grade === "major" ? 30 : (byKind[kind] ?? 7);
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return isoDate(d);
}

export function isoDate(d) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 with the device's UTC offset, e.g. 2025-03-02T09:15:00+08:00. */
export function isoWithOffset(d = new Date()) {
  const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  return `${isoDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}
