"""What phones queue while offline, as the PWA's outbox holds it (pwa/sync.js): a photo once per
hash (``PUT /photos/{sha}`` with the declared capture metadata), then the inspection that names
it (``PUT /inspections/{client id}``), each under the account that made it."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from tests.factories import CAMPUS, inspection_body, jpeg, now, sha

# Every client time lies a little in the past, as on a phone that was offline for a morning.
BASE = now() - timedelta(hours=6)

# The phones: two county inspectors in different counties, and a school's own safety officer who
# inspects the same school as the first inspector. Forms: (checklist code, inspection kind).
PHONES: dict[str, dict[str, Any]] = {
    "inspector": {"schools": ("230502-01", "230502-03"), "forms": (
        ("daily_campus", "daily"), ("fire_safety", "term_mid"), ("supervision_general", "supervision_general"))},
    "inspector2": {"schools": ("230523-02", "230523-01"), "forms": (
        ("fire_safety", "supervision_special"), ("daily_campus", "daily"))},
    "officer": {"schools": ("230502-01",), "forms": (("daily_campus", "daily"), ("fire_safety", "daily"))},
}
CHECKLISTS = sorted({code for phone in PHONES.values() for code, _ in phone["forms"]})
OWN_PHOTOS, SHARED_PHOTOS = 4, 2  # photo refs 0-3 are the phone's own, 4-5 the same bytes on every phone


@dataclass(frozen=True, eq=False, repr=False)
class Op:
    """One queued request; ``key`` names what it creates on the server."""

    key: str
    path: str
    body: dict[str, Any] | None = None  # an inspection's JSON
    data: bytes = b""  # a photo's bytes
    params: dict[str, str] = field(default_factory=dict)  # a photo's declared capture metadata
    photos: frozenset[str] = frozenset()  # the hashes an inspection names

    def __repr__(self) -> str:
        return self.key

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how Hypothesis prints a failing case
        printer.text(repr(self))

    @property
    def is_photo(self) -> bool:
        return self.body is None


def flush_order(ops: list[Op]) -> list[Op]:
    """The PWA's order (outbox.js flushOrder): photos first, then records, each as they were made."""
    return sorted(ops, key=lambda op: not op.is_photo)


@functools.cache
def _photo_bytes(seed: int, exif: bool) -> bytes:
    return jpeg(seed, size=(120, 90), gps=CAMPUS if exif else None, taken_at=BASE if exif else None)


def photo_op(phone_index: int, ref: int) -> Op:
    """Photo ``ref`` of a phone; shared photos have the same bytes and declarations everywhere, so
    which phone sends them first decides nothing but who stored them."""
    seed = 2000 + ref if ref >= OWN_PHOTOS else 1000 + 10 * phone_index + ref
    data = _photo_bytes(seed, exif=ref % 2 == 0)  # EXIF in the bytes, or lost in downscaling
    params = {"taken_at": BASE.isoformat(), "lat": str(CAMPUS[0]), "lon": str(CAMPUS[1]),
              "accuracy_m": "12.5"} if ref % 3 else {}
    return Op(key=f"photo:{sha(data)}", path=f"/api/v1/photos/{sha(data)}", data=data, params=params)


hazards = st.fixed_dictionaries({
    "grade": st.sampled_from([None, "general", "major"]),
    "due_in_days": st.sampled_from([None, 0, 7, 60]),
    "photos": st.lists(st.integers(0, OWN_PHOTOS + SHARED_PHOTOS - 1), max_size=2, unique=True),
    "details": st.booleans(),
})
inspections = st.fixed_dictionaries({
    "form": st.integers(0, 2),
    "school": st.integers(0, 1),
    "located": st.booleans(),
    "hazards": st.dictionaries(st.integers(0, 19), hazards, max_size=3),  # by item position
})
# The first phone has at least one inspection, so that there is always something to send.
plans = st.tuples(*(st.lists(inspections, min_size=1 if i == 0 else 0, max_size=3) for i in range(len(PHONES))))


def _shanghai_day(moment: datetime) -> date:
    return (moment.astimezone(UTC) + timedelta(hours=8)).date()


def queue(phone_index: int, username: str, plan: list[dict[str, Any]], units: dict[str, str],
          checklists: dict[str, dict[str, Any]]) -> list[Op]:
    """The outbox of one phone after it made the planned inspections, in the order made."""
    phone, ops, queued = PHONES[username], [], set()
    for n, spec in enumerate(plan):
        code, kind = phone["forms"][spec["form"] % len(phone["forms"])]
        form = checklists[code]
        started_at = BASE - timedelta(hours=len(plan) - n, minutes=7 * phone_index)
        details: dict[str, dict[str, Any]] = {}
        names: set[str] = set()
        for position, hazard in spec["hazards"].items():
            item = form["items"][position % len(form["items"])]
            refs = hazard["photos"] or ([0] if item["photo_required"] else [])
            photos = [photo_op(phone_index, ref) for ref in refs]
            for photo in photos:
                if photo.key not in queued:
                    queued.add(photo.key)
                    ops.append(photo)
            shas = [photo.key.removeprefix("photo:") for photo in photos]
            names.update(shas)
            fields: dict[str, Any] = {"id": str(uuid.uuid4()), "photos": shas}
            if hazard["grade"]:
                fields["grade"] = hazard["grade"]
            if hazard["due_in_days"] is not None:
                fields["due_on"] = (_shanghai_day(started_at) + timedelta(days=hazard["due_in_days"])).isoformat()
            if hazard["details"]:
                fields |= {"location_note": f"{n + 1}号楼{position}层", "responsible_person": "后勤主任"}
            details[item["code"]] = fields
        school = units[phone["schools"][spec["school"] % len(phone["schools"])]]
        location = {"lat": CAMPUS[0], "lon": CAMPUS[1], "accuracy_m": 15.0} if spec["located"] else None
        body = inspection_body(form, school, kind=kind, hazards=details, location=location, started_at=started_at)
        inspection_id = uuid.uuid4()
        ops.append(Op(key=f"inspection:{inspection_id}", path=f"/api/v1/inspections/{inspection_id}", body=body,
                      photos=frozenset(names)))
    return ops
