"""Is the proof real (实销号)? Checks run when the record is read, so that photos which
arrive after the record are judged too. A failed check is a flag for the verifier, never
a silent acceptance and never a silent refusal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from safecampus.db import Hazard, OrgUnit, Photo
from safecampus.geo import off_campus
from safecampus.hazards.schemas import Flag
from safecampus.photos.imaging import hamming

# dHash distance at or under which two photos count as the same picture. Re-encoding or
# resizing one photo moves it by 0–4 bits; different scenes are typically 20+ apart.
SAME_PICTURE_MAX_DISTANCE = 10
# A fix whose accuracy circle is more than this many campus radii wide says nothing.
IMPRECISE_FACTOR = 2


def _place_flags(photo: Photo, school: OrgUnit, code: str) -> list[Flag]:
    if photo.lat is None or photo.lon is None:
        return [Flag(code="location_unknown", photo=photo.sha256,
                     message="The photo has no location (no EXIF GPS, none declared by the phone).")]
    if school.radius_m and (photo.accuracy_m or 0) > IMPRECISE_FACTOR * school.radius_m:
        return [Flag(code="location_imprecise", photo=photo.sha256, source=photo.location_source,
                     message=f"The photo's location is only known to ±{photo.accuracy_m:.0f} m: it cannot show "
                             "whether it was taken on campus.")]
    outside, distance = off_campus(photo.lat, photo.lon, photo.accuracy_m, school.lat, school.lon, school.radius_m)
    if not outside:
        return []
    return [Flag(code=code, photo=photo.sha256, source=photo.location_source,
                 message=f"Taken {distance:.0f} m from the campus centre, outside its {school.radius_m} m radius "
                         f"(location from {photo.location_source}).")]


def evidence_flags(hazard: Hazard, school: OrgUnit, photos: Iterable[Photo]) -> list[Flag]:
    flags = [flag for photo in photos for flag in _place_flags(photo, school, "evidence_off_campus")
             if flag.code != "location_unknown"]
    if hazard.off_site:
        flags.append(Flag(code="recorded_off_campus", source="device",
                          message="The phone was outside the campus when the hazard was recorded."))
    return flags


def proof_flags(hazard: Hazard, school: OrgUnit, proof_hashes: Sequence[str], evidence_hashes: Sequence[str],
                photos: Mapping[str, Photo]) -> list[Flag]:
    flags: list[Flag] = []
    evidence = [photos[h] for h in evidence_hashes if h in photos]
    for sha in proof_hashes:
        photo = photos.get(sha)
        if photo is None:
            flags.append(Flag(code="photo_missing", photo=sha, message="The photo has not been uploaded yet."))
            continue
        if sha in evidence_hashes:
            flags.append(Flag(code="same_as_evidence", photo=sha,
                              message="This proof photo is one of the photos of the hazard itself."))
        elif any(hamming(photo.phash, e.phash) <= SAME_PICTURE_MAX_DISTANCE for e in evidence):
            flags.append(Flag(code="looks_like_evidence", photo=sha,
                              message="This proof photo looks the same as a photo of the hazard "
                                      f"(perceptual hash distance ≤ {SAME_PICTURE_MAX_DISTANCE})."))
        if photo.taken_at is None:
            flags.append(Flag(code="capture_time_unknown", photo=sha,
                              message="The photo has no capture time (no EXIF, none declared by the phone)."))
        elif photo.taken_at < hazard.found_at:
            flags.append(Flag(code="taken_before_found", photo=sha, source=photo.taken_at_source,
                              message=f"Taken {photo.taken_at.isoformat()}, before the hazard was found "
                                      f"({hazard.found_at.isoformat()}; time from {photo.taken_at_source})."))
        flags.extend(_place_flags(photo, school, "off_campus"))
    return flags
