"""May this version be released? The semantic-versioning gate of `make publish`.

Compared with the last release (the newest `v<version>` tag HEAD contains, scripts/api_diff.py):
the version must be greater, at least the bump the API changes require (scripts/changes.py), and
have its own section in CHANGELOG.md (`## [1.2.0] - 2026-12-01`; a pre-release such as 1.2.0rc1
may use the section of 1.2.0); when a change is breaking, that section must say so (a line or
heading with the word "breaking"). A refusal names the changes that require the bump.

The first release of a repository has nothing to compare with: `PUBLISH_FIRST_RELEASE=1` says so
(a repository that has published before tags the commit of its last release instead:
`git tag v0.1.0 <commit>`).
"""

from __future__ import annotations

import re
from pathlib import Path

from api_diff import NoBaseline, compare, find_baseline
from changes import Change, Level, bump_of, required_bump, smallest_version
from packaging.version import Version

CHANGELOG = "CHANGELOG.md"
_SHOWN = 8  # changes named in a refusal (the report has them all)


class NotReleasable(Exception):
    """Why this version may not be released; the message is shown as it is."""


def changelog_section(text: str, version: Version) -> str | None:
    """The body of the CHANGELOG section for `version` (a pre-release may use its release's)."""
    wanted = {str(version), version.base_version}
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    for section in sections:
        heading, _, body = section.partition("\n")
        found = re.match(r"\[?v?([^\]\s]+)\]?", heading.strip())
        if found and found.group(1) in wanted:
            return body
    return None


def _named(changes: list[Change], level: Level) -> str:
    worst = [change for change in changes if change.level >= level]
    lines = [change.line() for change in worst[:_SHOWN]]
    if len(worst) > _SHOWN:
        lines.append(f"- ... and {len(worst) - _SHOWN} more")
    return "\n".join(lines)


def check(root: Path, version: str, *, first_release: bool = False) -> str:
    """Refuse (NotReleasable) unless `version` may follow the last release; else say why it may."""
    wanted = Version(version)
    try:
        baseline = find_baseline(root)
    except NoBaseline as error:
        if first_release:
            return "no earlier release (PUBLISH_FIRST_RELEASE=1): nothing to compare with"
        raise NotReleasable(
            f"{error}; for the very first release set PUBLISH_FIRST_RELEASE=1"
        ) from None
    bump = bump_of(baseline.version, wanted)
    if bump is None:
        raise NotReleasable(
            f"{version} is not greater than the last release {baseline.name} "
            f"({baseline.version}): bump __version__"
        )
    changes = compare(root, baseline)
    needed, why = required_bump(changes, baseline.version)
    if bump < needed:
        smallest = smallest_version(baseline.version, needed)
        raise NotReleasable(
            f"{version} is a {bump.name.lower()} release after {baseline.name}, but the API "
            f"changes since then need a {needed.name.lower()} one ({smallest} or later): {why}. "
            f"The changes that require it:\n{_named(changes, max(c.level for c in changes))}\n"
            "`make api-diff` prints the whole report"
        )
    section = changelog_section((root / CHANGELOG).read_text(encoding="utf-8"), wanted)
    if section is None:
        raise NotReleasable(
            f"{CHANGELOG} has no section for {version}: add `## [{wanted.base_version}] - "
            "<date>` with the notes (the report of `make api-diff` lists the API changes)"
        )
    breaking = [change for change in changes if change.level == Level.BREAKING]
    if breaking and not re.search(r"\bbreaking\b", section, flags=re.IGNORECASE):
        raise NotReleasable(
            f"the {CHANGELOG} section for {version} must call out the breaking changes (a "
            f"`### Breaking` heading listing them):\n{_named(changes, Level.BREAKING)}"
        )
    return (
        f"{version} after {baseline.name}: a {bump.name.lower()} release, at least the "
        f"{needed.name.lower()} one the {len(changes)} API change(s) need; {CHANGELOG} has "
        "its section"
    )
