"""Publish openai-evals-runs (wheel + sdist) to a package index with twine: `make publish`.

Usage: python scripts/publish.py        (what `make publish` runs)

Names the index with the variables twine reads itself:

  TWINE_REPOSITORY_URL              the index's upload URL, e.g. https://pypi.example.com/
  TWINE_REPOSITORY                  or the name of a repository section of ~/.pypirc
  TWINE_USERNAME, TWINE_PASSWORD    the credentials (else the section's username/password)

and two of its own:

  PUBLISH_INDEX_URL     the index's simple URL (what pip takes as --index-url), read to see whether
                        this version is already there; default: the upload URL with `simple/`
                        appended (a trailing `legacy/` dropped), which fits pypiserver,
                        Artifactory, Nexus and PyPI
  PUBLISH_TEST_COMMAND  the test gate, run with bash in the repository root; default `make test`
  PUBLISH_FIRST_RELEASE set to 1 for a repository's very first release (no `v<version>` tag yet)

Checks, cheapest first, and refuses (exit 1, nothing uploaded) when one fails: an index is named
(public PyPI is never a default) with credentials; the git working tree is clean (what is
published is a commit); this version is not on the index yet; generated/ matches openapi.yaml;
the release gate (scripts/release_gate.py: the version is greater than the last release tag, at
least the bump the API changes since then require, and has its CHANGELOG.md section); the tests
pass. The default test gate is skipped when `make test` passed on this very tree (it writes the
tree's git hash to .test-passed). Then builds the wheel and sdist into dist/, runs
`twine check --strict`, uploads both and tags the commit `v<version>` (the next release's
baseline; push the tag yourself). An upload the index refuses (wrong credentials, the version
already there) is reported in one line. The password is never printed, and the test gate does
not see it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import release_gate
import tree_hash

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTION = "openai-evals-runs"
VERSION_FILE = Path("src/openai_evals_runs/_version.py")
DEFAULT_TEST_COMMAND = "make test"
PYPIRC = "~/.pypirc"
# Where pip reads the projects that twine uploads to these well-known upload URLs.
KNOWN_SIMPLE_URLS = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Refused(Exception):
    """A reason not to publish; its message is shown to the user as it is."""


@dataclass(frozen=True)
class Index:
    """Where to upload, where to read what is there, and as whom."""

    label: str  # what messages call it: the ~/.pypirc name or the URL (without credentials)
    upload_url: str
    simple_url: str
    repository_name: str | None
    username: str | None
    password: str | None = field(repr=False)
    ca_cert: str | None = None
    client_cert: str | None = None


def say(message: str) -> None:
    """Print one progress line."""
    print(f"publish: {message}", flush=True)


def hide_credentials(url: str) -> str:
    """Return `url` without any user:password part."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def mask(text: str, secrets: list[str | None]) -> str:
    """Return `text` with every secret (of at least 3 characters) replaced by `***`."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def read_version(root: Path) -> str:
    """Return `__version__` from _version.py, read as the build reads it (hatch's regex)."""
    text = (root / VERSION_FILE).read_text(encoding="utf-8")
    found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, flags=re.MULTILINE)
    if not found:
        raise Refused(f"no __version__ = '...' line in {VERSION_FILE}")
    from packaging.version import InvalidVersion, Version

    written = found.group(1)
    try:
        normal = str(Version(written))
    except InvalidVersion:
        raise Refused(f"{written!r} in {VERSION_FILE} is not a version (PEP 440)") from None
    if normal != written:
        raise Refused(f"write the version in {VERSION_FILE} as {normal!r}, not {written!r}")
    return written


def simple_url_for(upload_url: str) -> str:
    """Guess the simple (PEP 503) URL of the index that `upload_url` uploads to."""
    base = upload_url if upload_url.endswith("/") else upload_url + "/"
    if base in KNOWN_SIMPLE_URLS:
        return KNOWN_SIMPLE_URLS[base]
    base = base.removesuffix("legacy/")
    return base if base.endswith("/simple/") else base + "simple/"


def resolve_index(environ: dict[str, str], pypirc: str = PYPIRC) -> Index:
    """Find the index and credentials the way twine does: environment first, then ~/.pypirc."""
    from twine import exceptions, utils

    url = environ.get("TWINE_REPOSITORY_URL", "").strip()
    name = environ.get("TWINE_REPOSITORY", "").strip() or None
    if not url and not name:
        raise Refused(
            "no index named: set TWINE_REPOSITORY_URL (the index's upload URL) or "
            "TWINE_REPOSITORY (a repository section of ~/.pypirc); public PyPI is never a default"
        )
    try:
        config = utils.get_repository_from_config(pypirc, name or "", url or None)
    except exceptions.TwineException as error:
        raise Refused(f"cannot use repository {name!r}: {error}".strip()) from None
    upload_url = str(config["repository"])
    username = environ.get("TWINE_USERNAME") or config.get("username")
    password = environ.get("TWINE_PASSWORD") or config.get("password")
    where = f"[{name}] in {pypirc}" if name and not url else None
    if not username or not password:
        hint = f"or username/password in {where}" if where else "(or use a ~/.pypirc section)"
        raise Refused(f"no credentials for the index: set TWINE_USERNAME and TWINE_PASSWORD {hint}")
    simple_url = environ.get("PUBLISH_INDEX_URL", "").strip() or simple_url_for(upload_url)
    return Index(
        label=name if name and not url else hide_credentials(upload_url),
        upload_url=upload_url,
        simple_url=simple_url if simple_url.endswith("/") else simple_url + "/",
        repository_name=None if url else name,
        username=str(username),
        password=str(password),
        ca_cert=environ.get("TWINE_CERT") or config.get("ca_cert"),
        client_cert=config.get("client_cert"),
    )


def check_clean_tree(root: Path) -> str:
    """Refuse unless `root` is a git checkout without changes; return the short commit id."""
    status = run_captured(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root)
    if status.returncode != 0:
        raise Refused(f"not a git checkout ({status.stderr.strip()}): publish from a clone")
    changed = status.stdout.splitlines()
    if changed:
        listed = "\n".join(f"  {line}" for line in changed[:20])
        more = f"\n  ... and {len(changed) - 20} more" if len(changed) > 20 else ""
        raise Refused(
            "the working tree has uncommitted changes; what is published must be a commit. "
            f"Commit or remove them first:\n{listed}{more}"
        )
    head = run_captured(["git", "rev-parse", "--short", "HEAD"], cwd=root)
    return head.stdout.strip() or "?"


def published_files(index: Index, version: str) -> list[str]:
    """Return the files of `version` already on the index (empty when the project is not there)."""
    import requests
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        canonicalize_name,
        parse_sdist_filename,
        parse_wheel_filename,
    )
    from packaging.version import Version

    url = f"{index.simple_url}{canonicalize_name(DISTRIBUTION)}/"
    shown = hide_credentials(url)
    # The credentials go only to the host they are for (PyPI's simple index is public).
    same_host = urlsplit(url)[:2] == urlsplit(index.upload_url)[:2]
    try:
        response = requests.get(
            url,
            auth=(index.username or "", index.password or "") if same_host else None,
            headers={"Accept": "text/html"},
            timeout=30,
            verify=index.ca_cert or True,
            cert=index.client_cert,
        )
    except requests.RequestException as error:
        raise Refused(f"cannot reach the index at {shown}: {type(error).__name__}") from None
    if response.status_code == 404:
        return []
    if response.status_code in (401, 403):
        raise Refused(
            f"the index refused the credentials (HTTP {response.status_code} from {shown}): "
            "check TWINE_USERNAME and TWINE_PASSWORD"
        )
    if response.status_code != 200:
        raise Refused(
            f"cannot read {shown} (HTTP {response.status_code}); if the index's simple URL is "
            "elsewhere, set PUBLISH_INDEX_URL"
        )
    wanted = Version(version)
    found: list[str] = []
    for name in re.findall(r">\s*([^<>\s]+)\s*</a>", response.text):
        try:
            if name.endswith(".whl"):
                project, have = parse_wheel_filename(name)[:2]
            else:
                project, have = parse_sdist_filename(name)
        except (InvalidWheelFilename, InvalidSdistFilename):
            continue
        if project == canonicalize_name(DISTRIBUTION) and have == wanted:
            found.append(name)
    return found


def run_captured(
    args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion with its output captured as text (never raises on failure;
    callers read `returncode`). `env` None inherits this process's environment."""
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def scrubbed_environment() -> dict[str, str]:
    """The environment for the checks and the build: without TWINE_* (the password stays out)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("TWINE_")}


def check_generated(root: Path) -> None:
    """Refuse when generated/ does not match what openapi.yaml and the generator produce."""
    result = run_captured(
        [sys.executable, str(root / "scripts" / "check_generated.py")],
        cwd=root,
        env=scrubbed_environment(),
    )
    if result.returncode != 0:
        lines = result.stderr.splitlines()
        if len(lines) > 40:
            lines = [*lines[:40], f"... ({len(lines) - 40} more lines)"]
        shown = "\n".join(lines)
        raise Refused(f"generated/ is stale: run `make generate` and commit the result.\n{shown}")


def check_release(root: Path, version: str, environ: dict[str, str]) -> str:
    """Refuse unless `version` may follow the last release (scripts/release_gate.py)."""
    first = environ.get("PUBLISH_FIRST_RELEASE", "").strip() == "1"
    try:
        return release_gate.check(root, version, first_release=first)
    except release_gate.NotReleasable as error:
        raise Refused(str(error)) from None


def tests_passed_here(root: Path) -> bool:
    """True when `make test` passed on exactly this tree (its stamp holds the tree's hash)."""
    stamp = root / tree_hash.STAMP
    if not stamp.is_file():
        return False
    head = run_captured(["git", "rev-parse", "HEAD^{tree}"], cwd=root)
    # The tree is clean here, so HEAD's tree is the working tree.
    return head.returncode == 0 and stamp.read_text().strip() == head.stdout.strip()


def tag_release(root: Path, version: str) -> str:
    """Tag HEAD `v<version>` (the next release's baseline); say what happened."""
    tag = f"v{version}"
    result = run_captured(["git", "tag", tag], cwd=root)
    if result.returncode != 0:
        return (
            f"could not tag {tag} ({result.stderr.strip()}): tag the released commit yourself, "
            "the next release is compared with it"
        )
    return f"tagged {tag} (push it: git push origin {tag})"


def run_tests(root: Path, command: str) -> None:
    """Run the test gate (output shown as it comes); refuse when it fails."""
    result = subprocess.run(
        ["bash", "-c", command], cwd=root, env=scrubbed_environment(), check=False
    )
    if result.returncode != 0:
        raise Refused(
            f"the tests failed (`{command}` exited {result.returncode}); "
            "fix them before publishing (PUBLISH_TEST_COMMAND sets the command)"
        )


def build(root: Path, version: str) -> list[Path]:
    """Build the wheel and sdist into dist/ (emptied first), `twine check` them, return both."""
    dist = root / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    result = run_captured(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(root)],
        cwd=root,
        env=scrubbed_environment(),
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise Refused(f"the build failed:\n{tail}")
    stem = DISTRIBUTION.replace("-", "_")
    files = [dist / f"{stem}-{version}-py3-none-any.whl", dist / f"{stem}-{version}.tar.gz"]
    built = sorted(path.name for path in dist.iterdir())
    if sorted(path.name for path in files) != built:
        raise Refused(f"the build made {built}, expected {[path.name for path in files]}")
    check = run_captured(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)],
        env={**scrubbed_environment(), "NO_COLOR": "1"},
    )
    if check.returncode != 0:
        raise Refused(f"twine check failed:\n{ANSI.sub('', check.stdout + check.stderr).strip()}")
    return files


def explain_upload_failure(output: str, index: Index, version: str) -> str:
    """Turn twine's (verbose) output of a failed upload into one clear message."""
    text = ANSI.sub("", output)
    statuses = re.findall(r"HTTPError: (\d{3})", text)
    status = int(statuses[-1]) if statuses else None
    started = re.findall(r"^Uploading (\S+\.(?:whl|tar\.gz))\s*$", text, flags=re.MULTILINE)
    done = started[:-1]  # twine stops at the first file the index refuses
    outcome = (
        "Nothing was uploaded."
        if not done
        else f"Uploaded before the failure: {', '.join(done)} (the release is partial)."
    )
    if status == 409 or re.search(r"already\s+exists|file\s+exists", text, flags=re.IGNORECASE):
        return (
            f"{DISTRIBUTION} {version} is already on {index.label}, and a published version "
            f"cannot change: bump __version__ in {VERSION_FILE}, commit, publish again. {outcome}"
        )
    if status in (401, 403):
        where = (
            f"the username/password of [{index.repository_name}] in {PYPIRC}"
            if index.repository_name
            else "TWINE_USERNAME and TWINE_PASSWORD"
        )
        return (
            f"{index.label} refused the credentials of user {index.username!r} "
            f"(HTTP {status}): check {where}. {outcome}"
        )
    tail = "\n".join(line.rstrip() for line in text.strip().splitlines()[-15:])
    return f"the upload to {index.label} failed ({outcome}):\n{tail}"


def upload(index: Index, files: list[Path], version: str) -> None:
    """Upload the files with twine; refuse with a clear message when the index says no."""
    target = (
        ["--repository", index.repository_name]
        if index.repository_name
        else ["--repository-url", index.upload_url]
    )
    environ = {
        **os.environ,
        "TWINE_USERNAME": index.username or "",
        "TWINE_PASSWORD": index.password or "",
        "NO_COLOR": "1",
    }
    result = run_captured(
        [
            sys.executable,
            "-m",
            "twine",
            "upload",
            "--non-interactive",
            "--disable-progress-bar",
            "--verbose",
            *target,
            *map(str, files),
        ],
        env=environ,
    )
    output = mask(result.stdout + result.stderr, [index.password])
    if result.returncode != 0:
        raise Refused(explain_upload_failure(output, index, version))


def publish(root: Path, environ: dict[str, str]) -> None:
    """Every check, then the build and the upload; raises Refused at the first failed check."""
    version = read_version(root)
    index = resolve_index(environ)
    commit = check_clean_tree(root)
    say(f"{DISTRIBUTION} {version} (commit {commit}) to {index.label}")
    say("[1/6] the working tree is clean")
    existing = published_files(index, version)
    if existing:
        raise Refused(
            f"{DISTRIBUTION} {version} is already on {index.label} ({', '.join(existing)}), and "
            f"a published version cannot change: bump __version__ in {VERSION_FILE}, commit, "
            "publish again"
        )
    say(f"[2/6] {version} is not on {hide_credentials(index.simple_url)} yet")
    check_generated(root)
    say("[3/6] generated/ matches openapi.yaml")
    say(f"[4/6] release gate: {check_release(root, version, environ)}")
    command = environ.get("PUBLISH_TEST_COMMAND", "").strip() or DEFAULT_TEST_COMMAND
    if command == DEFAULT_TEST_COMMAND and tests_passed_here(root):
        say(f"[5/6] `make test` passed on this tree already ({tree_hash.STAMP}): not run again")
    else:
        say(f"[5/6] running the tests: {command}")
        run_tests(root, command)
        say("[5/6] the tests pass")
    files = build(root, version)
    say(f"[6/6] built and checked: {', '.join(path.name for path in files)}")
    upload(index, files, version)
    say(f"uploaded {', '.join(path.name for path in files)} to {index.label}")
    say(tag_release(root, version))
    say(
        f"install: pip install --index-url {hide_credentials(index.simple_url)} "
        f"{DISTRIBUTION}=={version}"
    )


def main() -> int:
    """Command-line entry: publish, or print why not and exit 1."""
    try:
        publish(ROOT, dict(os.environ))
    except Refused as refusal:
        message = mask(str(refusal), [os.environ.get("TWINE_PASSWORD")])
        print(f"publish: refused: {message}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
