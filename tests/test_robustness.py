"""Bad input never crashes the tool, never costs a file, and always says where and what.

A corpus of broken inputs, each with the code it must produce; then property
tests with hypothesis: generated valid plans load, check clean, export and
diff against themselves to nothing; random damage to a file never yields a
traceback.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, make_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nvptool.check import effective_settings, run_checks
from nvptool.diff.compare import compare, side
from nvptool.export import export_plan
from nvptool.load.plan import load_plan

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import generate

CYCLE = "cycles/demo/cycle.yaml"
PHENOMENON = "kind: phenomenon\nid: drugs\nnumber: 2.3.2\ntitle:\n  nl: Drugs\n"
BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
)

CORPUS: list[tuple[str, str, bytes, str]] = [
    ("syntax error", "cycles/demo/phenomena/2.yaml", PHENOMENON.encode() + b"body: [\n", "LD01"),
    (
        "duplicate key",
        "cycles/demo/phenomena/2.yaml",
        PHENOMENON.encode() + b"id: drugs-2\n",
        "LD02",
    ),
    (
        "tab indentation",
        "cycles/demo/phenomena/2.yaml",
        b"kind: phenomenon\ntitle:\n\tnl: Drugs\n",
        "LD01",
    ),
    (
        "byte-order mark",
        "cycles/demo/phenomena/2.yaml",
        b"\xef\xbb\xbf" + PHENOMENON.encode(),
        "LD10",
    ),
    (
        "invalid UTF-8",
        "cycles/demo/phenomena/2.yaml",
        PHENOMENON.encode() + b"body:\n  nl: caf\xe9\n",
        "LD05",
    ),
    ("empty file", "cycles/demo/phenomena/2.yaml", b"", "LD06"),
    ("binary file", "cycles/demo/phenomena/2.yaml", bytes(range(256)) * 4, "LD05"),
    (
        "python object tag",
        "cycles/demo/phenomena/2.yaml",
        b"kind: !!python/object/apply:os.system ['touch /tmp/nvptool-pwned']\n",
        "LD03",
    ),
    ("binary tag", "cycles/demo/phenomena/2.yaml", b"kind: !!binary aGVsbG8=\n", "LD03"),
    ("local tag", "cycles/demo/phenomena/2.yaml", b"kind: !include other.yaml\n", "LD03"),
    ("alias bomb", "reference/bomb.yaml", BOMB.encode(), "LD04"),
    ("deep nesting", "reference/deep.yaml", b"[" * 5000 + b"]" * 5000, "LD04"),
    ("an alias within its anchor", "reference/loop.yaml", b"kind: glossary\nx: &a [*a]\n", "LD04"),
    (
        "an alias deep within its anchor",
        "reference/loop.yaml",
        b"kind: glossary\nx: &a\n  b: [1, {c: *a}]\n",
        "LD04",
    ),
    (
        "deep block nesting",
        "reference/deep.yaml",
        "".join(" " * i + "k:\n" for i in range(100)).encode(),
        "LD04",
    ),
    ("a 50 MB file", "reference/huge.yaml", b"a: " + b"x" * (50 * 1024 * 1024), "LD07"),
    ("a suffix in capitals", "cycles/demo/phenomena/2.YAML", PHENOMENON.encode(), "LD12"),
    ("a suffix an editor added", "reference/glossary.yaml.txt", b"kind: glossary\n", "LD12"),
    ("an editor's backup", "reference/glossary.yaml~", b"kind: glossary\n", "LD12"),
    ("a space after the suffix", "reference/glossary.yaml ", b"kind: glossary\n", "LD12"),
    ("impossible date", CYCLE, b"", "SC03"),
    ("Norway problem", CYCLE, b"", "SC03"),
    ("a list where a mapping belongs", "reference/list.yaml", b"- kind: glossary\n", "SC03"),
    (
        "non-ASCII file name with a space",
        "cycles/demo/phenomena/fénomène 2.yaml",
        PHENOMENON.encode() + b"titel: x\n",
        "SC01",
    ),
]


def digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def write_case(plan: Path, name: str, where: str, content: bytes) -> None:
    if name == "impossible date":
        path = plan / CYCLE
        path.write_text(path.read_text("utf-8").replace("2022-02-04", "2022-13-45"), "utf-8")
        return
    if name == "Norway problem":
        path = plan / CYCLE
        path.write_text(path.read_text("utf-8") + "partial: no\n", "utf-8")
        return
    target = plan / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


@pytest.mark.parametrize(("name", "where", "content", "code"), CORPUS, ids=[c[0] for c in CORPUS])
def test_broken_input_is_reported_not_crashed(
    tmp_path: Path, name: str, where: str, content: bytes, code: str
) -> None:
    plan = make_plan(tmp_path)
    write_case(plan, name, where, content)
    before = digest(plan)
    done = subprocess.run(
        [sys.executable, "-m", "nvptool", "check", str(plan), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    findings = json.loads(done.stdout)["findings"]
    ours = [f for f in findings if f["code"] == code]
    assert ours, findings
    assert all(f["line"] >= 1 and f["column"] >= 1 for f in ours)
    assert all(f.get("hint") for f in ours), ours  # Each says what to do, too.
    assert Path(ours[0]["file"]).name == Path(where).name
    assert digest(plan) == before  # Checking never writes.
    assert not Path("/tmp/nvptool-pwned").exists()


def test_a_symlink_out_of_the_plan_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("kind: glossary\nterms: []\n", encoding="utf-8")
    plan = make_plan(tmp_path)
    (plan / "reference" / "link.yaml").symlink_to(secret)
    result = run_checks(load_plan(plan), effective_settings(load_plan(plan).plan.config))
    assert [f.code for f in result.findings] == ["LD08"]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(objects=st.integers(min_value=40, max_value=400), seed=st.integers(0, 10_000))
def test_generated_plans_load_check_clean_and_export(
    tmp_path_factory: pytest.TempPathFactory, objects: int, seed: int
) -> None:
    root = tmp_path_factory.mktemp("generated")
    generate(root, objects, seed)
    loaded = load_plan(root)
    assert loaded.problems == ()
    result = run_checks(loaded, effective_settings(loaded.plan.config))
    assert result.findings == ()
    document = json.loads(json.dumps(export_plan(loaded.plan)))
    assert len(document["objects"]) == len(loaded.plan.nodes)
    assert {o["id"] for o in document["objects"]} >= {n.id for n in loaded.plan.nodes}
    assert compare(side(loaded.plan, "a"), side(loaded.plan, "b")).empty


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_damage_never_raises(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    plan = make_plan(tmp_path_factory.mktemp("damaged"))
    files = sorted(plan.rglob("*.yaml"))
    path = data.draw(st.sampled_from(files))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 5))):
        position = data.draw(st.integers(0, max(0, len(raw) - 1)))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        byte = data.draw(st.integers(0, 255))
        if action == "flip" and raw:
            raw[position] = byte
        elif action == "delete" and raw:
            del raw[position]
        else:
            raw.insert(position, byte)
    path.write_bytes(bytes(raw))
    loaded = load_plan(plan)  # Must not raise, whatever the damage.
    run_checks(loaded, effective_settings(loaded.plan.config))
