"""Words for the training figures: course kinds, and the trained-against-target sentence."""

from __future__ import annotations

from models.training import CourseKind
from services.core.i18n import N_, NC_, Translator

KIND_LABELS: dict[str, str] = {
    CourseKind.GUIDING: N_("Guiding training"),
    CourseKind.SKILLS: NC_("course kind", "Skills training"),  # not the seeker's "wants skills training"
    CourseKind.TARGETED: N_("Targeted poverty-alleviation training"),
    CourseKind.ENTREPRENEURSHIP: N_("Entrepreneurship training"),
}


def trained_sentence(_: Translator, people: int, poor: int, target: int | None) -> str:
    """"4,866 trained, 2,602 of them registered poor, 20.1% of the target of 24,260"."""
    done = _("{people} trained, {poor} of them registered poor").format(people=f"{people:,}", poor=f"{poor:,}")
    if target is None:
        return _("{done}; no target set").format(done=done)
    if target == 0:
        return _("{done}; the target is 0").format(done=done)
    return _("{done}, {percent} of the target of {target}").format(
        done=done, percent=f"{100.0 * people / target:.1f}%", target=f"{target:,}")
