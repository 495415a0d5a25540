"""nvptool serve as a writer runs it: a process that prints its address, serves both
languages, sends a reload event after a save, and stops cleanly on Ctrl-C and SIGTERM."""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_nvptool
from serving import DRUGS, Running, get, serving, tree

from nvptool.site.page_cache import PATTERN as PAGE_PATTERN
from nvptool.site.page_cache import SWEPT
from nvptool.site.template_cache import PATTERN

pytest.importorskip("mkdocs")
pytest.importorskip("watchfiles")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Running]:
    with serving(tmp_path) as running:
        yield running


def test_serve_sends_a_reload_after_a_save_and_stops_cleanly_on_ctrl_c(
    served: Running, tmp_path: Path
) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert "Nationaal Veiligheidsplan" in get(served.url + "nl/phenomena/drugs.html")
    assert "Plan National de Sécurité" in get(served.url + "fr/phenomena/drugs.html")
    assert "/__nvptool/live.js" in get(served.url + "nl/index.html")
    events = urllib.request.urlopen(
        served.url + "__nvptool/events?page=/nl/phenomena/drugs.html", timeout=60
    )
    assert events.readline().startswith(b": listening")
    before = tree(tmp_path / "plan")
    path = tmp_path / "plan" / DRUGS
    path.write_text(
        path.read_text(encoding="utf-8").replace("cocaïne;", "PROCESWOORD;", 1), encoding="utf-8"
    )
    line = b""
    while not line.startswith(b"data:"):
        line = events.readline()
    assert b'"/nl/phenomena/drugs.html"' in line
    assert "PROCESWOORD" in get(served.url + "nl/phenomena/drugs.html")
    served.process.send_signal(signal.SIGINT)
    stderr = served.stderr_until_exit()
    assert served.process.returncode in (0, 130), stderr
    assert "Traceback" not in stderr and "stopped" in stderr
    assert left_in_temp(served.temp) == []  # The working directory is gone.
    after = tree(tmp_path / "plan")  # Nothing was written into the plan but the edit.
    assert set(after) == set(before)
    assert [name for name in after if after[name] != before[name]] == [DRUGS]


def test_serve_follows_a_folder_moved_out_of_the_plan_and_back(
    served: Running, tmp_path: Path
) -> None:
    # The system tells only the folder's name: not one of the files in it.
    earlier = tmp_path / "plan" / "cycles" / "nvp-2016-2019"
    (tmp_path / "plan" / "notes").mkdir()  # Not read by the plan: not reported.
    shutil.move(earlier, tmp_path / "away")
    assert "no cycle has the id 'nvp-2016-2019'" in served.said("error XR02")
    line = served.said("^changed ")
    assert "cycle.yaml" in line and "notes" not in line
    assert re.search(r": [0-9]+ errors?, pages kept as they were$", line.rstrip())
    shutil.move(tmp_path / "away", earlier)
    assert served.said("^changed ").rstrip().endswith(": ok")
    assert "2016-2019" in get(served.url + "nl/changes.html")  # The changes since that plan.


def test_serve_follows_the_plan_folder_removed_and_made_again(
    served: Running, tmp_path: Path
) -> None:
    """A backup restored (the folder deleted, copied back): the system's notifications
    followed the folder that was removed, and no later save reached the preview."""
    plan = tmp_path / "plan"
    shutil.copytree(plan, tmp_path / "backup")
    shutil.rmtree(plan)
    shutil.copytree(tmp_path / "backup", plan)
    served.said("^changed ")
    path = plan / DRUGS
    path.write_text(path.read_text("utf-8").replace("cocaïne;", "TERUGWOORD;", 1), "utf-8")
    deadline = time.monotonic() + 60
    while "TERUGWOORD" not in get(served.url + "nl/phenomena/drugs.html"):
        assert time.monotonic() < deadline, "the save after the folder came back was not seen"
        time.sleep(0.5)
    path.write_text(path.read_text("utf-8").replace("TERUGWOORD;", "NOGMAALS;", 1), "utf-8")
    while "NOGMAALS" not in get(served.url + "nl/phenomena/drugs.html"):
        assert time.monotonic() < deadline, "a later save was not seen"
        time.sleep(0.5)


def test_serve_tells_a_file_named_like_a_plan_file_as_check_does(
    served: Running, tmp_path: Path
) -> None:
    """An editor's backup copy (drugs.yaml~) is not read: check says so (LD12), and the
    preview said "ok"; removing it clears the error."""
    path = tmp_path / "plan" / DRUGS
    copy = path.with_name(path.name + "~")
    shutil.copy(path, copy)
    assert "error LD12" in served.said("LD12")
    served.said("^changed ")
    copy.unlink()
    assert served.said("^changed ").rstrip().endswith(": ok")


def left_in_temp(temp: Path) -> list[str]:
    """What serve left in the temporary directory, but the compiled templates and converted
    pages it keeps for the next build or preview, as `build` does (nvptool.site.template_cache,
    nvptool.site.page_cache)."""
    cache = temp / f"_jinja2-cache-{os.getuid()}"
    kept = [entry.name for entry in cache.glob("*")]
    assert [name for name in kept if fnmatch.fnmatch(name, PAGE_PATTERN % "*")]
    patterns = (PATTERN % "*", PAGE_PATTERN % "*", SWEPT)
    assert all(any(fnmatch.fnmatch(name, pattern) for pattern in patterns) for name in kept)
    return sorted(path.name for path in temp.iterdir() if path != cache)


def test_serve_stops_cleanly_on_sigterm(served: Running) -> None:
    served.process.send_signal(signal.SIGTERM)
    stderr = served.stderr_until_exit()
    assert served.process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert left_in_temp(served.temp) == []


def test_serve_offers_no_other_host_than_this_machine(tmp_path: Path) -> None:
    result = run_nvptool("serve", "plan", "--host", "0.0.0.0")
    assert result.returncode == 2
    assert "No such option" in result.stderr and "--host" in result.stderr


def test_serve_refuses_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_nvptool("serve", "plan", "--port", str(port))
    assert result.returncode == 2
    assert f"port {port} of 127.0.0.1 is in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_cycle_the_plan_does_not_have() -> None:
    """Only starting again with the right --cycle helps: it kept running and said to fix
    and save a file."""
    result = run_nvptool("serve", "plan", "--port", "0", "--cycle", "nvp-2022-2024")
    assert result.returncode == 2
    assert "--cycle nvp-2022-2024: the plan has no such cycle" in result.stderr
    assert "did you mean 'nvp-2022-2025'?" in result.stderr and "Traceback" not in result.stderr
