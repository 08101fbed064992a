"""`make publish` end to end, against a real package index on loopback.

A pypiserver runs on 127.0.0.1 (tests/local_index.py), holding the dependency wheels as an
internal index would. Each test publishes a committed copy of this repository's working tree
(tests/repo_copy.py: release 0.1.0 tagged `v0.1.0` as the release gate's baseline, then the
version under test with its CHANGELOG section), so it tests the code as it is now, and the real
checkout is never dirtied, built or uploaded from. The success path then installs the release
into a fresh virtualenv from that index alone and runs tests/publish_smoke.py with it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from local_index import LocalIndex, running_index
from repo_copy import environment, git, make_checkout, refusal, run_make

ROOT = Path(__file__).resolve().parent.parent
SMOKE = Path(__file__).with_name("publish_smoke.py")


def _load_script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # its sibling modules (release_gate, ...)
    spec = importlib.util.spec_from_file_location("publish_script", ROOT / "scripts" / "publish.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


publish = _load_script()
VERSION: str = publish.read_version(ROOT)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalIndex]:
    with running_index(tmp_path_factory.mktemp("index"), dependencies=True) as running:
        yield running


def make_publish(checkout: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`make publish` in the copy."""
    return run_make(checkout, "publish", **env)


# A quick real test gate: the version tests of the copy, importing the copy's packages.
QUICK_TESTS = (
    f"PYTHONPATH=src:generated {sys.executable} -m pytest -q -p no:cacheprovider "
    "tests/test_packaging.py -m 'not slow'"
)


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_publish_then_install_from_the_index_and_refuse_the_same_version_twice(
    index: LocalIndex, tmp_path: Path
) -> None:
    checkout = make_checkout(tmp_path / "repo")
    started = time.monotonic()
    result = make_publish(checkout, **index.credentials(), PUBLISH_TEST_COMMAND=QUICK_TESTS)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert index.password not in output
    assert "2 passed" in result.stdout  # the gate ran the copy's tests
    assert f"uploaded openai_evals_runs-{VERSION}-py3-none-any.whl" in result.stdout
    assert index.release_files() == [
        f"openai_evals_runs-{VERSION}-py3-none-any.whl",
        f"openai_evals_runs-{VERSION}.tar.gz",
    ]
    assert f"[4/6] release gate: {VERSION} after v0.1.0: a minor release" in result.stdout
    # The release is tagged: the next release gate and `make api-diff` compare with it.
    assert f"tagged v{VERSION}" in result.stdout
    assert git(checkout, "tag", "--points-at", "HEAD").split() == [f"v{VERSION}"]
    published_in = time.monotonic() - started

    # A fresh virtualenv that knows only the local index: no pip configuration, no cache.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip_env = {k: v for k, v in environment().items() if not k.startswith("PIP_")}
    pip_env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    from_index = ["--index-url", index.simple_url, f"openai-evals-runs=={VERSION}"]
    install = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "--no-cache-dir", *from_index],
        env=pip_env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    smoke = subprocess.run(
        [str(venv / "bin" / "python"), str(SMOKE), VERSION],
        cwd=tmp_path,  # not the repository: nothing may be imported from a source tree
        env={k: v for k, v in pip_env.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert f'"version": "{VERSION}"' in smoke.stdout
    assert str(venv) in smoke.stdout
    cli = subprocess.run(
        [venv / "bin" / "openai-evals-runs", "--help"], capture_output=True, check=False
    )
    assert cli.returncode == 0

    # The same version again, the index named by a ~/.pypirc section this time: refused before
    # any test or build, and the index keeps what it had.
    home = tmp_path / "home"
    home.mkdir()
    (home / ".pypirc").write_text(
        "[distutils]\nindex-servers = internal\n\n[internal]\n"
        f"repository = {index.url}\nusername = {index.username}\npassword = {index.password}\n"
    )
    before = {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()}
    marker = tmp_path / "gate-ran"
    again = make_publish(
        checkout,
        HOME=str(home),
        TWINE_REPOSITORY="internal",
        PUBLISH_TEST_COMMAND=f"touch {marker}",
    )
    message = refusal(again)
    assert message.startswith(f"openai-evals-runs {VERSION} is already on internal (")
    assert message.endswith(
        "bump __version__ in src/openai_evals_runs/_version.py, commit, publish again"
    )
    assert index.password not in again.stdout + again.stderr
    assert not marker.exists()
    assert {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()} == before

    # Had the check missed it, the index's own refusal is reported the same way.
    target = publish.Index(
        label=index.url,
        upload_url=index.url,
        simple_url=index.simple_url,
        repository_name=None,
        username=index.username,
        password=index.password,
    )
    files = sorted((checkout / "dist").iterdir())
    with pytest.raises(publish.Refused) as refused:
        publish.upload(target, files, VERSION)
    assert f"openai-evals-runs {VERSION} is already on {index.url}" in str(refused.value)
    assert "Nothing was uploaded." in str(refused.value)
    assert {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()} == before
    print(f"published in {published_in:.1f} s")


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_wrong_password_fails_clearly_and_uploads_nothing(
    index: LocalIndex, tmp_path: Path
) -> None:
    # Another version than the success test's, so the already-published check cannot stop it first.
    checkout = make_checkout(tmp_path / "repo", version="99.0.0")
    # `make test` passed on this very tree (its stamp): the default test gate is not run again.
    (checkout / ".test-passed").write_text(git(checkout, "rev-parse", "HEAD^{tree}"))
    wrong = "not-" + index.password
    result = make_publish(checkout, **index.credentials(wrong))
    assert refusal(result) == (
        f"{index.url} refused the credentials of user 'publisher' (HTTP 403): "
        "check TWINE_USERNAME and TWINE_PASSWORD. Nothing was uploaded."
    )
    assert "[5/6] `make test` passed on this tree already (.test-passed)" in result.stdout
    assert "[6/6] built and checked" in result.stdout  # it got as far as the upload
    assert git(checkout, "tag", "--list", "v99*") == ""  # nothing released, nothing tagged
    output = result.stdout + result.stderr
    assert wrong not in output and index.password not in output
    assert not [name for name in index.release_files() if "99.0.0" in name]


@pytest.mark.slow
def test_a_dirty_tree_is_refused(index: LocalIndex, tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="99.1.0")
    (checkout / "notes.txt").write_text("not committed\n")
    with (checkout / "README.md").open("a") as readme:
        readme.write("\nan uncommitted edit\n")
    marker = tmp_path / "gate-ran"
    result = make_publish(checkout, **index.credentials(), PUBLISH_TEST_COMMAND=f"touch {marker}")
    message = refusal(result)
    assert message.startswith("the working tree has uncommitted changes")
    assert message.endswith("Commit or remove them first:\n   M README.md\n  ?? notes.txt")
    assert not marker.exists() and not (checkout / "dist").exists()


@pytest.mark.slow
def test_a_stale_generated_package_is_refused(index: LocalIndex, tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="99.2.0")
    client = checkout / "generated" / "openai_evals_runs_api" / "client.py"
    client.write_text(client.read_text() + "\n# edited by hand\n")
    git(checkout, "commit", "-q", "-am", "edit generated code by hand")
    marker = tmp_path / "gate-ran"
    result = make_publish(checkout, **index.credentials(), PUBLISH_TEST_COMMAND=f"touch {marker}")
    message = refusal(result)
    assert message.startswith("generated/ is stale: run `make generate` and commit the result.")
    assert "--- generated/openai_evals_runs_api/client.py" in message
    assert "\n-# edited by hand" in message  # the diff is shown
    assert not marker.exists() and not (checkout / "dist").exists()


@pytest.mark.slow
def test_failing_tests_are_refused(index: LocalIndex, tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="99.3.0")
    failing = "echo 'FAILED tests/test_runs.py::test_create - AssertionError'; exit 3"
    before = index.release_files()
    result = make_publish(checkout, **index.credentials(), PUBLISH_TEST_COMMAND=failing)
    assert refusal(result) == (
        f"the tests failed (`{failing}` exited 3); fix them before publishing "
        "(PUBLISH_TEST_COMMAND sets the command)"
    )
    assert "FAILED tests/test_runs.py::test_create" in result.stdout  # the gate's output is shown
    assert not (checkout / "dist").exists()
    assert index.release_files() == before


# --- the script's parts, without a server -----------------------------------------------------


def test_no_index_named_is_refused() -> None:
    with pytest.raises(publish.Refused, match="no index named: set TWINE_REPOSITORY_URL"):
        publish.resolve_index({"TWINE_USERNAME": "u", "TWINE_PASSWORD": "p"})


def test_missing_credentials_are_refused_before_anything_runs() -> None:
    with pytest.raises(publish.Refused, match="no credentials for the index"):
        publish.resolve_index({"TWINE_REPOSITORY_URL": "https://pypi.example.com/"})


def test_a_pypirc_repository_is_read_and_a_missing_one_is_named(tmp_path: Path) -> None:
    pypirc = tmp_path / ".pypirc"
    pypirc.write_text(
        "[distutils]\nindex-servers = internal\n\n[internal]\n"
        "repository = https://pypi.example.com/\nusername = ci\npassword = s3cret-value\n"
    )
    found = publish.resolve_index({"TWINE_REPOSITORY": "internal"}, str(pypirc))
    assert (found.label, found.upload_url, found.repository_name) == (
        "internal",
        "https://pypi.example.com/",
        "internal",
    )
    assert found.simple_url == "https://pypi.example.com/simple/"
    assert (found.username, found.password) == ("ci", "s3cret-value")
    assert "s3cret-value" not in repr(found)
    # The environment wins over the file, as in twine.
    found = publish.resolve_index(
        {"TWINE_REPOSITORY": "internal", "TWINE_PASSWORD": "from-env"}, str(pypirc)
    )
    assert found.password == "from-env"
    with pytest.raises(publish.Refused, match="Missing 'other' section"):
        publish.resolve_index({"TWINE_REPOSITORY": "other"}, str(pypirc))


@pytest.mark.parametrize(
    ("upload_url", "simple_url"),
    [
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/"),
        (
            "https://nexus.example.com/repository/pypi",
            "https://nexus.example.com/repository/pypi/simple/",
        ),
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy/", "https://test.pypi.org/simple/"),
        ("https://pypi.example.com/legacy/", "https://pypi.example.com/simple/"),
        ("https://pypi.example.com/simple/", "https://pypi.example.com/simple/"),
    ],
)
def test_the_simple_url_is_derived_from_the_upload_url(upload_url: str, simple_url: str) -> None:
    assert publish.simple_url_for(upload_url) == simple_url


def test_the_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Publishing\n", 1)[1].split("\n## ", 1)[0]
    script = (ROOT / "scripts" / "publish.py").read_text()
    settings = set(re.findall(r"\b(?:TWINE|PUBLISH)_[A-Z_]+", script))
    assert {"TWINE_REPOSITORY_URL", "PUBLISH_TEST_COMMAND", "PUBLISH_INDEX_URL"} <= settings
    for setting in sorted(settings):
        assert f"`{setting}`" in section, setting
    assert "make publish" in section and "~/.pypirc" in section


@pytest.mark.parametrize(
    ("written", "problem"),
    [("1.0.0-rc1", "as '1.0.0rc1', not '1.0.0-rc1'"), ("one", "'one' in src/openai_evals_runs")],
)
def test_a_version_the_build_would_rewrite_is_refused(
    tmp_path: Path, written: str, problem: str
) -> None:
    (tmp_path / publish.VERSION_FILE).parent.mkdir(parents=True)
    (tmp_path / publish.VERSION_FILE).write_text(f'__version__ = "{written}"\n')
    with pytest.raises(publish.Refused, match=re.escape(problem)):
        publish.read_version(tmp_path)


def test_credentials_in_urls_and_output_are_hidden() -> None:
    assert publish.hide_credentials("https://ci:tok@pypi.example.com/x/") == (
        "https://***@pypi.example.com/x/"
    )
    assert publish.mask("password tok3n and tok3n", ["tok3n", None]) == "password *** and ***"


def test_a_refused_second_file_is_reported_as_a_partial_release() -> None:
    target = publish.Index(
        "internal", "https://x.example/", "https://x.example/simple/", "internal", "ci", "pw"
    )
    output = (
        "Uploading distributions to https://x.example/\n"
        "Uploading openai_evals_runs-1.0.0-py3-none-any.whl\n"
        "Uploading openai_evals_runs-1.0.0.tar.gz\n"
        "\x1b[31mERROR   \x1b[0m HTTPError: 403 Forbidden from https://x.example/\n"
    )
    message = publish.explain_upload_failure(output, target, "1.0.0")
    assert message == (
        "internal refused the credentials of user 'ci' (HTTP 403): check the username/password "
        "of [internal] in ~/.pypirc. Uploaded before the failure: "
        "openai_evals_runs-1.0.0-py3-none-any.whl (the release is partial)."
    )
    # pypiserver answers 400 and its page wraps the sentence where the file name pushes it.
    wrapped = publish.explain_upload_failure(
        "Uploading openai_evals_runs-1.0.0-py3-none-any.whl\n<pre>Package 'x' already      \n"
        "         exists!</pre>\nHTTPError: 400 Bad Request from x\n",
        target,
        "1.0.0",
    )
    assert wrapped.startswith("openai-evals-runs 1.0.0 is already on internal")
    conflict = publish.explain_upload_failure(
        "Uploading openai_evals_runs-1.0.0-py3-none-any.whl\nHTTPError: 409 Conflict from x\n",
        target,
        "1.0.0",
    )
    assert conflict.startswith("openai-evals-runs 1.0.0 is already on internal")
    other = publish.explain_upload_failure(
        "HTTPError: 500 Internal Server Error\n", target, "1.0.0"
    )
    assert other.startswith("the upload to internal failed (Nothing was uploaded.):")
    assert "500 Internal Server Error" in other


def test_a_stamp_of_another_tree_does_not_skip_the_tests(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="99.4.0")
    stamp = checkout / ".test-passed"
    assert not publish.tests_passed_here(checkout)
    stamp.write_text(git(checkout, "rev-parse", "HEAD^{tree}"))
    assert publish.tests_passed_here(checkout)
    stamp.write_text(git(checkout, "rev-parse", "HEAD~1^{tree}"))  # the tree before the bump
    assert not publish.tests_passed_here(checkout)


def test_the_tree_hash_is_the_commit_s_tree_and_follows_edits(tmp_path: Path) -> None:
    checkout = make_checkout(tmp_path / "repo", version="99.5.0")
    script = [sys.executable, str(checkout / "scripts" / "tree_hash.py")]

    def tree_hash() -> str:
        return subprocess.run(
            script, capture_output=True, text=True, check=True, timeout=60
        ).stdout.strip()

    assert tree_hash() == git(checkout, "rev-parse", "HEAD^{tree}").strip()
    (checkout / "notes.txt").write_text("new\n")
    with_new_file = tree_hash()
    assert with_new_file != git(checkout, "rev-parse", "HEAD^{tree}").strip()
    assert git(checkout, "status", "--porcelain") == "?? notes.txt\n"  # the index is untouched
