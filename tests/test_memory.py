"""Translation memory (TMX) and the termbase (TBX-Basic) for CAT tools."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT, make_plan
from conftest import run_nvptool as nvptool
from lxml import etree
from translate.storage.tbx import tbxfile
from translate.storage.tmx import tmxfile

GLOSSARY = """kind: glossary
terms:
  - id: wgp
    type: abbreviation
    term:
      nl: WGP
      fr:
        text: LPI
        state: official
    expansion:
      nl: Wet op de geïntegreerde politie
      fr:
        text: Loi sur la police intégrée
        state: machine
    definition:
      nl: De wet die de politie organiseert.
      fr:
        text: La loi qui organise la police.
        state: reviewed
    basis: stated
"""


def memory(plan: Path, *options: str) -> bytes:
    done = nvptool("i18n", "tm", plan, "--lang", "fr", *options)
    assert done.returncode == 0, done.stderr
    return done.stdout.encode("utf-8")


def test_the_memory_holds_reviewed_and_official_pairs(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, {"reference/glossary.yaml": GLOSSARY})
    confirmed = nvptool("i18n", "confirm", "afstemming", "--plan", plan, "--lang", "fr", "--all")
    assert confirmed.returncode == 0, confirmed.stderr
    store = tmxfile.parsestring(memory(plan, "--format", "tmx"))
    pairs = {(u.getid(), u.source, u.target) for u in store.units}
    assert ("reference:glossary/wgp#term", "WGP", "LPI") in pairs
    assert ("demo:afstemming#title", "Afstemming", "Alignement") in pairs
    ids = {u.getid() for u in store.units}
    assert ids == {
        "reference:glossary/wgp#term",
        "reference:glossary/wgp#definition",
        "demo:afstemming#title",
        "demo:afstemming#body",
    }
    body = next(u for u in store.units if u.getid() == "demo:afstemming#body")
    assert body.source.endswith("een plan voor[^fn-1].")
    root = etree.fromstring(memory(plan, "--format", "tmx"))
    [ph] = [
        p
        for p in root.iter("ph")
        if p.getparent().getparent().get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    ]
    assert ph.text == "[^fn-1]"


def test_machine_pairs_come_only_on_request_and_marked(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    assert tmxfile.parsestring(memory(plan)).units == []
    root = etree.fromstring(memory(plan, "--machine"))
    units = list(root.iter("tu"))
    assert len(units) > 20
    for unit in units:
        assert unit.findtext("prop[@type='x-state']") == "machine"
        assert unit.findtext("note") == "Machine translation, not reviewed by a person."


def test_the_glossary_as_a_termbase(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, {"reference/glossary.yaml": GLOSSARY})
    raw = memory(plan, "--format", "tbx")
    root = etree.fromstring(raw)
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    [entry] = root.iter("termEntry")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    by_lang = {ls.get(lang): ls for ls in entry.iter("langSet")}
    assert [t.text for t in by_lang["nl"].iter("term")] == [
        "WGP",
        "Wet op de geïntegreerde politie",
    ]
    assert [t.text for t in by_lang["fr"].iter("term")] == ["LPI", "Loi sur la police intégrée"]
    assert by_lang["fr"].findtext("descrip[@type='definition']") == "La loi qui organise la police."
    notes = [tig.findtext("note") for tig in by_lang["fr"].iter("tig")]
    assert notes == [None, "Machine translation, not reviewed by a person."]
    [unit] = tbxfile.parsestring(raw).units
    assert (unit.source, unit.target) == ("WGP", "LPI")


def test_the_real_glossary_is_complete(tmp_path: Path) -> None:
    root = etree.fromstring(memory(ROOT / "plan", "--format", "tbx"))
    glossary = yaml.safe_load((ROOT / "plan" / "reference" / "glossary.yaml").read_text("utf-8"))
    assert len(glossary["terms"]) >= 200
    assert len(list(root.iter("termEntry"))) == len(glossary["terms"])  # Every term, once.


def test_an_unknown_memory_format_is_refused(mini_plan: Path) -> None:
    done = nvptool("i18n", "tm", mini_plan, "--format", "csv")
    assert done.returncode == 2
    assert "--format csv: choose one of tmx" in done.stderr


def test_the_memory_is_valid_tmx(tmp_path: Path) -> None:
    dtd = etree.DTD(str(Path(__file__).parent / "schemas" / "tmx14.dtd"))
    for plan, options in [(make_plan(tmp_path), ["--machine"]), (ROOT / "plan", ["--machine"])]:
        root = etree.fromstring(memory(plan, "--format", "tmx", *options))
        assert dtd.validate(root), dtd.error_log
        assert len(list(root.iter("tu"))) > 20
