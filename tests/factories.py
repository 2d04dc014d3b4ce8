"""Test data: real images (with or without EXIF), inspection bodies, and API steps."""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw

# The demo principal's school (尖山区第一小学) lies here, radius 300 m.
CAMPUS = (46.6522, 131.1633)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round(((value - degrees) * 60 - minutes) * 60, 4)


def picture(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A distinct scene per seed (random rectangles), so perceptual hashes differ."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x0, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle((x0, y0, x0 + rng.randrange(40, 300), y0 + rng.randrange(40, 300)),
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def jpeg(seed: int = 1, *, taken_at: datetime | None = None, gps: tuple[float, float] | None = None,
         orientation: int | None = None, quality: int = 90, size: tuple[int, int] = (640, 480)) -> bytes:
    image = picture(seed, size)
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken_at:
        local = taken_at.astimezone(UTC) + timedelta(hours=8)
        exif.get_ifd(0x8769)[0x9003] = f"{local:%Y:%m:%d %H:%M:%S}"
        exif.get_ifd(0x8769)[0x9011] = "+08:00"
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1], gps_ifd[2] = "N", _dms(gps[0])
        gps_ifd[3], gps_ifd[4] = "E", _dms(gps[1])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes() if len(exif) or taken_at or gps else b"")
    return out.getvalue()


def reencoded(data: bytes, quality: int = 60) -> bytes:
    """The same picture saved again: other bytes, same look."""
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "JPEG", quality=quality)
    return out.getvalue()


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def inspection_body(checklist: dict[str, Any], school_id: str, *, kind: str = "daily",
                    hazards: dict[str, dict[str, Any]] | None = None, location: dict[str, float] | None = None,
                    started_at: datetime | None = None) -> dict[str, Any]:
    """Answers every item: 'hazard' with the given details where listed, 'pass' elsewhere."""
    hazards = hazards or {}
    started = started_at or now() - timedelta(minutes=30)
    results = []
    for item in checklist["items"]:
        if item["code"] in hazards:
            details = {"id": str(uuid.uuid4()), "description": f"{item['check']}：发现问题", "photos": []}
            results.append({"item_code": item["code"], "outcome": "hazard",
                            "hazard": details | hazards[item["code"]]})
        else:
            results.append({"item_code": item["code"], "outcome": "pass"})
    body: dict[str, Any] = {"school_id": school_id, "checklist_id": checklist["id"], "kind": kind,
                            "started_at": started.isoformat(), "finished_at": (started + timedelta(minutes=20)).isoformat(),
                            "results": results}
    if location:
        body["location"] = location
    return body


async def checklist(client: Any, headers: dict[str, str], code: str) -> dict[str, Any]:
    listing = (await client.get("/api/v1/checklists", headers=headers)).json()
    [summary] = [c for c in listing if c["code"] == code]
    return (await client.get(f"/api/v1/checklists/{summary['id']}", headers=headers)).json()


async def upload(client: Any, headers: dict[str, str], data: bytes, **declared: Any) -> Any:
    return await client.put(f"/api/v1/photos/{sha(data)}", content=data, headers=headers,
                            params={k: v.isoformat() if isinstance(v, datetime) else v for k, v in declared.items()})


def drill_body(unit_id: str, **overrides: Any) -> dict[str, Any]:
    return {"org_unit_id": unit_id, "kind": "fire_evacuation", "held_on": date.today().isoformat(),
            "participants": 860, "duration_minutes": 12, "description": "全校师生消防疏散演练，3分20秒完成疏散。",
            "findings": "三楼西侧楼梯口拥堵，调整疏散路线。"} | overrides


def incident_body(unit_id: str, **overrides: Any) -> dict[str, Any]:
    return {"org_unit_id": unit_id, "category": "accident", "incident_type": "injury", "severity": "general",
            "occurred_at": (datetime.now(UTC) - timedelta(days=2)).isoformat(), "place": "操场",
            "description": "课间一名学生在操场摔倒致右臂骨折。", "handling": "校医现场处置，送医治疗，通知家长。",
            "injuries": 1} | overrides
