"""What an API change means for users: its level, the version bump it needs, the report.

Shared by scripts/wire_diff.py (the HTTP contract), scripts/python_api.py (the two packages'
Python API), scripts/api_diff.py (`make api-diff`) and scripts/publish.py (the release gate).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from packaging.version import Version


class Level(enum.IntEnum):
    """How a change affects code written against the previous release; higher is worse."""

    PATCH = 0  # nothing a user relies on (a response narrowed, a request relaxed, documentation)
    ADDITIVE = 1  # new things users may use; nothing they use changes
    REVIEW = 2  # something users receive can now take new values: old clients must cope
    BREAKING = 3  # code or deployed clients that worked may stop working

    @property
    def title(self) -> str:
        """The report's heading for changes of this level."""
        return _TITLES[self]


_TITLES = {
    Level.BREAKING: "Breaking",
    Level.REVIEW: "Needs review",
    Level.ADDITIVE: "Additive",
    Level.PATCH: "Other",
}


class Bump(enum.IntEnum):
    """A release's version bump, ordered by size."""

    PATCH = 0
    MINOR = 1
    MAJOR = 2


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two releases.

    `layer` is "wire" (openapi.yaml, what deployed clients see on the network) or "python" (the
    packages' public API); `where` names the place (`EvalRun.model`, `openai_evals_runs.Client`);
    `what` says what happened there; `context` says where it is seen (operations, response codes).
    """

    level: Level
    layer: str
    where: str
    what: str
    context: tuple[str, ...] = field(default=(), compare=False)

    def line(self) -> str:
        """The change as one Markdown list item."""
        seen = f" ({'; '.join(self.context)})" if self.context else ""
        return f"- {self.layer}: `{self.where}`: {self.what}{seen}"


def merge(changes: Iterable[Change]) -> list[Change]:
    """`changes` without repeats (the same change seen from two operations keeps both contexts),
    worst first, then by layer and place."""
    merged: dict[tuple[Level, str, str, str], Change] = {}
    for change in changes:
        key = (change.level, change.layer, change.where, change.what)
        if key in merged:
            context = tuple(dict.fromkeys(merged[key].context + change.context))
            merged[key] = Change(*key, context=context)
        else:
            merged[key] = change
    return sorted(merged.values(), key=lambda c: (-c.level, c.layer != "wire", c.where, c.what))


def required_bump(changes: Iterable[Change], baseline: Version) -> tuple[Bump, str]:
    """The smallest bump a release with `changes` needs after `baseline`, and why.

    Breaking -> major (before 1.0: minor, as semantic versioning leaves 0.x free and users pin
    `~=0.MINOR`); additive or needs review -> minor; otherwise patch.
    """
    worst = max((change.level for change in changes), default=Level.PATCH)
    if worst == Level.BREAKING:
        if baseline.major == 0:
            return Bump.MINOR, "a breaking change needs a minor bump before 1.0 (a major one after)"
        return Bump.MAJOR, "a breaking change needs a major bump"
    if worst >= Level.ADDITIVE:
        return Bump.MINOR, f"{worst.title.lower()} changes need a minor bump"
    return Bump.PATCH, "no change to the API: a patch release is enough"


def _three(version: Version) -> tuple[int, int, int]:
    major, minor, patch = (*version.release, 0, 0)[:3]
    return major, minor, patch


def bump_of(baseline: Version, version: Version) -> Bump | None:
    """The bump from `baseline` to `version` (None when `version` is not greater)."""
    if version <= baseline:
        return None
    old, new = _three(baseline), _three(version)
    if new[0] > old[0]:
        return Bump.MAJOR
    if new[1] > old[1]:
        return Bump.MINOR
    return Bump.PATCH


def smallest_version(baseline: Version, bump: Bump) -> str:
    """The first version after `baseline` that makes `bump`."""
    major, minor, patch = _three(baseline)
    if bump == Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump == Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def report(changes: list[Change], baseline: str, baseline_version: Version) -> str:
    """The Markdown change report: the required bump, then the changes by level."""
    bump, why = required_bump(changes, baseline_version)
    lines = [
        f"## API changes since {baseline}",
        "",
        f"Required version bump: **{bump.name.lower()}** (at least "
        f"{smallest_version(baseline_version, bump)} after {baseline_version}): {why}.",
    ]
    for level in sorted(Level, reverse=True):
        found = [change for change in changes if change.level == level]
        if found:
            lines += ["", f"### {level.title}", "", *(change.line() for change in found)]
    if not changes:
        lines += ["", "No change to the HTTP contract or the Python API."]
    return "\n".join(lines) + "\n"
