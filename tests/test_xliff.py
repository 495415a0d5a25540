"""XLIFF out and back: schema-valid files, inline codes that survive, refusals, and
edits that touch only the texts a translator changed."""

from __future__ import annotations

import copy
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MINI, ROOT, make_plan
from conftest import run_nvptool as nvptool
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from nvptool.i18n.inline import Code, code_problems, codes, lex, markdown
from nvptool.model.text import fingerprint

SCHEMAS = Path(__file__).parent / "schemas"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X20 = "urn:oasis:names:tc:xliff:document:2.0"
CHAPTER = "cycles/demo/chapters/1.yaml"
PHENOMENON = "cycles/demo/phenomena/1.yaml"


class _LocalSchemas(etree.Resolver):
    """The XSDs import the W3C's xml.xsd by URL; the copy in tests/schemas serves it."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


def schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    name = "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff_core_2.0.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def extract(plan: Path, out: Path, *options: str) -> etree._Element:
    done = nvptool("i18n", "extract", plan, "--lang", "fr", "--out", out, *options)
    assert done.returncode == 0, done.stderr
    return etree.parse(str(out)).getroot()


def unit_of(root: etree._Element, unit_id: str) -> etree._Element:
    ns = root.nsmap[None]
    tag = "trans-unit" if ns == X12 else "unit"
    attribute = "id" if ns == X12 else "name"
    [found] = [u for u in root.iter(f"{{{ns}}}{tag}") if u.get(attribute) == unit_id]
    return found


def target_of(unit: etree._Element) -> etree._Element:
    ns = unit.nsmap[None]
    found = unit.find(f".//{{{ns}}}target")
    assert found is not None
    return found


def snapshot(plan: Path) -> dict[str, bytes]:
    return {str(p.relative_to(plan)): p.read_bytes() for p in sorted(plan.rglob("*.yaml"))}


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[tuple[str, str]]:
    """The lines that differ, byte for byte (line ends included), file by file."""
    found = []
    for name, old in before.items():
        old_lines = old.decode().splitlines(keepends=True)
        new_lines = after[name].decode().splitlines(keepends=True)
        assert len(old_lines) == len(new_lines), name
        found += [(name, b.strip()) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    return found


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_three_changed_targets_change_exactly_three_texts(tmp_path: Path, fmt: str) -> None:
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "work.xlf", "--all", "--format", fmt)
    ns = root.nsmap[None]
    edits = {
        "demo:afstemming#title": "La concertation, revue",
        "demo:verkeersveiligheid#title": "La sécurité routière",
        "demo:verkeersveiligheid-situatie#title": "Situation actuelle, revue",
    }
    for unit_id, text in edits.items():
        unit = unit_of(root, unit_id)
        target = target_of(unit)
        target.text = text
        if ns == X12:
            target.set("state", "signed-off")
            target.attrib.pop("state-qualifier", None)
        else:
            segment = target.getparent()
            segment.set("state", "reviewed")
            segment.attrib.pop("subState", None)
    (tmp_path / "work.xlf").write_bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    )
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "work.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "applied 3 translations" in done.stdout
    for unit_id in edits:
        assert f"changed {unit_id}: text and state, machine -> reviewed" in done.stdout
    changes = changed_lines(before, snapshot(plan))
    texts = sorted(line for _, line in changes if line.startswith("text:"))
    assert texts == sorted(f"text: {t}" for t in edits.values())
    assert (
        sorted(line for _, line in changes if not line.startswith("text:"))
        == ["state: reviewed"] * 3
    )
    check = nvptool("check", plan)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(("fmt", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_files_are_valid_against_the_xliff_schema(tmp_path: Path, fmt: str, version: str) -> None:
    plan = make_plan(tmp_path)
    path = tmp_path / "stale.xlf"
    edit_dutch(plan)
    for name, options in [("all", ["--all"]), ("stale", [])]:
        path = tmp_path / f"{name}.xlf"
        root = extract(plan, path, "--format", fmt, *options)
        xsd = schema(version)
        assert xsd.validate(root.getroottree()), xsd.error_log


def edit_dutch(plan: Path) -> None:
    path = plan / PHENOMENON
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("op de Belgische wegen.", "op de wegen in België."), "utf-8")


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_states_are_mapped_out(tmp_path: Path, fmt: str) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", fmt)
    machine = unit_of(root, "demo:verkeersveiligheid#title")
    stale = unit_of(root, "demo:verkeersveiligheid-situatie#body")
    if fmt == "xliff":
        assert target_of(machine).get("state") == "translated"
        assert target_of(machine).get("state-qualifier") == "mt-suggestion"
        assert target_of(stale).get("state") == "needs-review-translation"
    else:
        assert target_of(machine).getparent().get("subState") == "nvptool:machine"
        assert target_of(stale).getparent().get("state") == "initial"
    notes = " ".join(stale.itertext())
    assert "The source text changed since this translation was made" in notes


def test_a_stale_unit_shows_the_earlier_dutch_from_the_history(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "plan"], check=True)
    edit_dutch(plan)
    root = extract(plan, tmp_path / "w.xlf", "--format", "xliff")
    [unit] = root.iter(f"{{{X12}}}trans-unit")
    notes = [n.text for n in unit.iter(f"{{{X12}}}note")]
    assert any(
        "Earlier source:\nIn 2019 stierven 646 personen op de Belgische wegen." in (n or "")
        for n in notes
    )


def test_context_notes_give_place_heading_and_glossary(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    unit = unit_of(root, "demo:afstemming#body")
    notes = [n.text or "" for n in unit.iter(f"{{{X12}}}note")]
    assert any(n.startswith(f"Where: {CHAPTER}, line ") for n in notes)
    assert any(n.startswith("Heading: ") for n in notes)
    assert any("WGP = LPI" in n for n in notes if n.startswith("Glossary"))
    contexts = {c.get("context-type"): c.text for c in unit.iter(f"{{{X12}}}context")}
    assert contexts["sourcefile"] == CHAPTER  # Relative: no path of this machine.


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_apply_refuses_a_unit_whose_dutch_changed(tmp_path: Path, fmt: str) -> None:
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", fmt)
    target_of(unit_of(root, "demo:verkeersveiligheid-situatie#body")).text = "Nouveau."
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    edit_dutch(plan)
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert "unit demo:verkeersveiligheid-situatie#body: its source text changed" in done.stderr
    assert "w.xlf:" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(plan) == before


def footnote_unit(tmp_path: Path, fmt: str) -> tuple[Path, etree._Element, etree._Element]:
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", fmt)
    return plan, root, target_of(unit_of(root, "demo:afstemming#body"))


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_inline_codes_are_written_as_tags(tmp_path: Path, fmt: str) -> None:
    _, _, target = footnote_unit(tmp_path, fmt)
    [tag] = list(target)
    assert etree.QName(tag).localname == "ph"
    if fmt == "xliff":
        assert tag.text == "[^fn-1]"
    else:
        [data] = target.getparent().getparent().iter(f"{{{X20}}}data")
        assert data.text == "[^fn-1]" and tag.get("dataRef") == data.get("id")


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_a_moved_code_survives_and_its_markdown_comes_from_the_source(
    tmp_path: Path, fmt: str
) -> None:
    plan, root, target = footnote_unit(tmp_path, fmt)
    [tag] = list(target)
    tag.text = "<script>" if fmt == "xliff" else None  # A hostile edit of the code: ignored.
    target.text = "Selon l'article 37 LPI"
    tag.tail = ", chaque conseil zonal prépare un plan."
    if fmt == "xliff":
        target.set("state", "translated")
        target.attrib.pop("state-qualifier")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    text = (plan / CHAPTER).read_text(encoding="utf-8")
    assert "text: Selon l'article 37 LPI[^fn-1], chaque conseil zonal prépare un plan." in text
    assert "<script>" not in text


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
@pytest.mark.parametrize("damage", ["missing", "added", "twice"])
def test_broken_inline_codes_are_refused(tmp_path: Path, fmt: str, damage: str) -> None:
    plan, root, target = footnote_unit(tmp_path, fmt)
    [tag] = list(target)
    if damage == "missing":
        target.remove(tag)
        expected = "inline code 1 ([^fn-1]) is missing"
    else:
        extra = copy.deepcopy(tag)
        extra.tail = None
        target.append(extra)
        if damage == "added":
            extra.set("id", "9")
            expected = "inline code 9"
        else:
            expected = "appears twice"
    target.text = "Modifié "
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert "unit demo:afstemming#body" in done.stderr and expected in done.stderr
    assert snapshot(plan) == before


def test_a_file_in_another_language_is_refused(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    for file in root.iter(f"{{{X12}}}file"):
        file.set("target-language", "de")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 2
    assert "target language 'de' is not one the plan is translated into" in done.stderr


def test_a_unit_marked_in_another_language_is_refused(tmp_path: Path) -> None:
    plan, root, target = footnote_unit(tmp_path, "xliff")
    target.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert "marked as language 'en', not 'fr'" in done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<xliff version='1.2'><file", "w.xlf:1:27: not well-formed XML"),
        ("<tmx version='1.4'/>", "w.xlf: not an XLIFF file"),
        (f"<xliff xmlns='{X12}' version='1.2'/>", "w.xlf:1: the file holds no <file> element"),
        ("<xliff xmlns='urn:x' version='3.0'/>", "XLIFF version '3.0' is not one"),
        (
            "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
            f"<xliff xmlns='{X12}' version='1.2'><file source-language='nl' "
            "target-language='fr' original='a' datatype='plaintext'><body><trans-unit id='x'>"
            "<source>&e;</source></trans-unit></body></file></xliff>",
            "w.xlf: the file declares a document type (<!DOCTYPE …>)",
        ),
    ],
)
def test_a_broken_xliff_file_is_reported_where_it_breaks(
    tmp_path: Path, mini_plan: Path, text: str, expected: str
) -> None:
    (tmp_path / "w.xlf").write_text(text, encoding="utf-8")
    done = nvptool("i18n", "apply", "w.xlf", "--plan", mini_plan, cwd=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr and "root:x:" not in done.stderr


def test_filters_choose_a_small_batch(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    root = extract(plan, tmp_path / "w.xlf", "--format", "xliff", "--state", "stale")
    assert [u.get("id") for u in root.iter(f"{{{X12}}}trans-unit")] == [
        "demo:verkeersveiligheid-situatie#body"
    ]
    root = extract(
        plan,
        tmp_path / "w.xlf",
        "--format",
        "xliff",
        "--state",
        "machine",
        "--object",
        "verkeersveiligheid-situatie",
    )
    assert [u.get("id") for u in root.iter(f"{{{X12}}}trans-unit")] == [
        "demo:verkeersveiligheid-situatie#title",  # Its body is stale, not machine.
        "demo:verkeersdoden-2019#label",  # The figure it contains.
        "demo:verkeersdoden-2019#unit",
    ]
    root = extract(
        plan, tmp_path / "w.xlf", "--format", "xliff", "--all", "--file", str(plan / CHAPTER)
    )
    files = {f.get("original") for f in root.iter(f"{{{X12}}}file")}
    assert files == {CHAPTER}
    done = nvptool("i18n", "extract", plan, "--state", "done")
    assert done.returncode == 2 and "--state done: choose from" in done.stderr


def test_translate_toolkit_reads_every_unit(tmp_path: Path) -> None:
    from translate.storage import factory, po

    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    units = list(root.iter(f"{{{X12}}}trans-unit"))
    xliff2po = Path(sys.executable).parent / "xliff2po"
    done = subprocess.run(
        [str(xliff2po), str(tmp_path / "w.xlf"), str(tmp_path / "w.po")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    store = po.pofile.parsefile(str(tmp_path / "w.po"))
    entries = [u for u in store.units if not u.isheader()]
    assert len(entries) == len(units)
    body = next(e for e in entries if "[^fn-1]" in e.source)
    assert body.target.endswith("un plan[^fn-1].")
    assert len(factory.getobject(str(tmp_path / "w.xlf")).units) == len(units)
    pocount = Path(sys.executable).parent / "pocount"
    counted = subprocess.run(
        [str(pocount), "--csv", str(tmp_path / "w.xlf")], capture_output=True, text=True
    )
    assert counted.returncode == 0, counted.stderr
    [row] = csv.DictReader(counted.stdout.splitlines())
    assert int(row["Total Message"]) == len(units)


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_the_real_plan_comes_back_unchanged(tmp_path: Path, fmt: str) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "plan", plan)
    before = snapshot(plan)
    root = extract(plan, tmp_path / "all.xlf", "--all", "--format", fmt)
    ns = root.nsmap[None]
    units = list(root.iter(f"{{{ns}}}{'trans-unit' if ns == X12 else 'unit'}"))
    assert len(units) > 1000
    ids = {str(unit.get("id")).replace("..", "#") for unit in units}  # XLIFF 2.0 writes ".."
    # A measure's lead, text and details, and an objective's closing, are units of their own.
    for field in ("grensbeheer-sd2-m4#lead", "grensbeheer-sd2-m3#details", "drugs-m9#text"):
        assert f"nvp-2022-2025:{field}" in ids, field
    assert "nvp-2022-2025:grensbeheer-sd3#closing" in ids
    assert schema("1.2" if fmt == "xliff" else "2.0").validate(root.getroottree())
    done = nvptool("i18n", "apply", tmp_path / "all.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert f"{len(units)} units unchanged" in done.stdout
    assert snapshot(plan) == before


@given(st.text(alphabet="ab *_`[]()^<>!&;#\\-\n1.:/", max_size=60))
def test_lexing_gives_back_the_markdown_exactly(text: str) -> None:
    parts = lex(text)
    assert markdown(parts) == text
    assert code_problems(parts, parts) == []


def test_lexing_protects_markdown_syntax() -> None:
    text = "- Zie **de wet**[^fn-2] en [de site](https://x.be/a_b) of `code` <https://y.be>\n- b"
    found = [(c.role, c.native) for c in codes(lex(text))]
    assert found == [
        ("ph", "- "),
        ("open", "**"),
        ("close", "**"),
        ("ph", "[^fn-2]"),
        ("open", "["),
        ("close", "](https://x.be/a_b)"),
        ("ph", "`code`"),
        ("ph", "<https://y.be>"),
        ("ph", "\n- "),
    ]
    assert all(isinstance(c, Code) for c in codes(lex(text)))


def test_a_file_rewritten_by_a_translation_tool_comes_back(tmp_path: Path) -> None:
    """translate-toolkit's podebug rewrites every target the way a CAT tool writes its
    own: through its XLIFF library, keeping the tags it does not understand."""
    plan = make_plan(tmp_path)
    extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff", "--object", "afstemming")
    podebug = Path(sys.executable).parent / "podebug"
    done = subprocess.run(
        [str(podebug), "--rewrite=xxx", str(tmp_path / "w.xlf"), str(tmp_path / "debug.xlf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    before = snapshot(plan)
    applied = nvptool("i18n", "apply", tmp_path / "debug.xlf", "--plan", plan)
    assert applied.returncode == 0, applied.stderr
    assert "changed demo:afstemming#body: text, machine -> machine" in applied.stdout
    changes = changed_lines(before, snapshot(plan))
    assert changes == [
        (CHAPTER, "text: xxxAfstemmingxxx"),
        (
            CHAPTER,
            "text: xxxConform artikel 37 WGP bereidt iedere zonale veiligheidsraad een plan "
            "voor[^fn-1].xxx",
        ),
    ]


def test_a_unit_twice_or_with_hidden_characters_is_refused(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    unit = unit_of(root, "demo:afstemming#title")
    target_of(unit).text = "Concertation\u202e"
    twice = copy.deepcopy(unit_of(root, "demo:verkeersveiligheid#title"))
    unit.getparent().append(twice)
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert "unit demo:afstemming#title: its translation holds an invisible" in done.stderr
    assert "\\u202e" in done.stderr
    assert "unit demo:verkeersveiligheid#title: the file has this unit 2 times" in done.stderr
    assert snapshot(plan) == before


def test_a_unit_given_twice_is_applied_neither_time(tmp_path: Path) -> None:
    """Two translations of one text: which one was meant cannot be known."""
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    unit = unit_of(root, "demo:verkeersveiligheid#title")
    target_of(unit).text = "Sécurité routière (une)"
    target_of(unit).set("state", "translated")
    twice = copy.deepcopy(unit)
    target_of(twice).text = "Sécurité routière (deux)"
    unit.getparent().append(twice)
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert done.stderr.count("the file has this unit 2 times; keep one (none is applied)") == 2
    assert snapshot(plan) == before


def test_a_work_file_with_a_document_type_is_refused(tmp_path: Path) -> None:
    """Entities are never resolved: a translation that used one would lose its words."""
    plan = make_plan(tmp_path)
    extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    text = (tmp_path / "w.xlf").read_text("utf-8")
    doctype = '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    text = text.replace("<xliff", doctype + "<xliff", 1)
    (tmp_path / "w.xlf").write_text(text, "utf-8")
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode != 0
    assert "declares a document type (<!DOCTYPE …>)" in done.stderr
    assert snapshot(plan) == before


@pytest.mark.parametrize("fmt", ["xliff", "xliff2"])
def test_a_stale_text_translated_again_is_current(tmp_path: Path, fmt: str) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    root = extract(plan, tmp_path / "w.xlf", "--format", fmt)
    target = target_of(unit_of(root, "demo:verkeersveiligheid-situatie#body"))
    target.text = "En 2019, 646 personnes sont décédées sur les routes de Belgique."
    if fmt == "xliff":
        target.set("state", "translated")
    else:
        target.getparent().set("state", "translated")
        del target.getparent().attrib["subState"]
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "changed demo:verkeersveiligheid-situatie#body: text and state, stale -> reviewed" in (
        done.stdout
    )
    status = nvptool("check", plan, "--select", "TR02")
    assert status.returncode == 0 and "TR02" not in status.stdout


def test_the_yaml_work_file_takes_the_same_filters(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    done = nvptool(
        "i18n", "extract", plan, "--lang", "fr", "--state", "machine", "--object", "afstemming"
    )
    assert done.returncode == 0, done.stderr
    work = yaml.safe_load(done.stdout)
    assert work["kind"] == "translation-work"
    assert [item["object"] for item in work["texts"]] == ["afstemming", "afstemming"]


def test_a_source_tag_with_other_markdown_is_refused(tmp_path: Path) -> None:
    plan, root, target = footnote_unit(tmp_path, "xliff")
    source = target.getprevious()
    [tag] = list(source)
    tag.text = "<script>alert(1)</script>"
    target.text = "Modifié "
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert "unit demo:afstemming#body: its source text changed" in done.stderr
    assert snapshot(plan) == before


def test_an_xliff2_file_without_original_data_still_comes_back(tmp_path: Path) -> None:
    plan, root, target = footnote_unit(tmp_path, "xliff2")
    for original in list(root.iter(f"{{{X20}}}originalData")):
        original.getparent().remove(original)
    [tag] = list(target)
    target.text = "Selon l'article 37 LPI"
    tag.tail = ", un plan."
    target.getparent().set("state", "reviewed")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "text: Selon l'article 37 LPI[^fn-1], un plan." in (plan / CHAPTER).read_text("utf-8")


def test_an_edited_unit_still_marked_unfinished_is_named(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    edit_dutch(plan)
    root = extract(plan, tmp_path / "w.xlf", "--format", "xliff")
    target_of(unit_of(root, "demo:verkeersveiligheid-situatie#body")).text = "Nouveau."
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert "left: " in done.stdout and "demo:verkeersveiligheid-situatie#body" in done.stdout
    assert "1 not finished" in done.stdout
    assert snapshot(plan) == before


RICH_NL = (
    'Zie **de wet** en *de* [site](https://x.be/a_b "titel")[^fn-1]:\n\n'
    "- `code` en <https://y.be>\n- &amp; \\*niet\\*"
)
RICH_FR = (
    'Voir *la* **loi** et le [site](https://x.be/a_b "titel")[^fn-1] :\n\n'
    "- `code` et <https://y.be>\n- &amp; \\*pas\\*"
)


def rich_plan(tmp_path: Path) -> Path:
    plan = make_plan(tmp_path)
    path = plan / CHAPTER
    text = path.read_text(encoding="utf-8")
    old_nl = "Conform artikel 37 WGP bereidt iedere zonale veiligheidsraad een plan voor[^fn-1]."
    old_fr = (
        "Conformément à l'article 37 LPI, chaque conseil zonal de sécurité prépare un plan[^fn-1]."
    )
    text = text.replace(f"nl: {old_nl}", "nl: " + json.dumps(RICH_NL, ensure_ascii=False))
    text = text.replace(f"text: {old_fr}", "text: " + json.dumps(RICH_FR, ensure_ascii=False))
    text = text.replace(fingerprint(old_nl), fingerprint(RICH_NL))
    path.write_text(text, encoding="utf-8")
    return plan


@pytest.mark.parametrize(("fmt", "version"), [("xliff", "1.2"), ("xliff2", "2.0")])
def test_every_kind_of_markdown_goes_out_valid_and_comes_back(
    tmp_path: Path, fmt: str, version: str
) -> None:
    plan = rich_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", fmt)
    xsd = schema(version)
    assert xsd.validate(root.getroottree()), xsd.error_log
    target = target_of(unit_of(root, "demo:afstemming#body"))
    tags = [etree.QName(t).localname for t in target.iter() if t is not target]
    paired = {"xliff": ["bpt", "ept"], "xliff2": ["pc"]}[fmt]
    assert all(tag in {"ph", *paired} for tag in tags) and len(tags) >= 8
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    assert snapshot(plan) == before
    assert "refused" not in done.stderr


def test_a_pair_of_tags_closed_before_it_opens_is_refused(tmp_path: Path) -> None:
    plan = rich_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff")
    target = target_of(unit_of(root, "demo:afstemming#body"))
    opening = next(t for t in target if etree.QName(t).localname == "bpt")
    closing = next(t for t in target if etree.QName(t).localname == "ept")
    assert opening.get("id") == closing.get("id")
    target.remove(closing)
    closing.tail = None
    opening.addprevious(closing)
    target.set("state", "signed-off")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    assert f"inline code {opening.get('id')} ({opening.text}) closes before it opens" in done.stderr
    assert snapshot(plan) == before


@pytest.fixture(scope="module")
def mini_xliff() -> dict[str, bytes]:
    from nvptool.i18n.extraction import extract_work
    from nvptool.load.plan import load_plan

    plan = load_plan(MINI).plan
    return {
        fmt: extract_work(plan, "fr", fmt, True, [], [], []).data for fmt in ("xliff", "xliff2")
    }


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(["xliff", "xliff2"]),
    cut=st.integers(min_value=0, max_value=4000),
    junk=st.text(alphabet="<>/&;\"'= abc\u202e", max_size=12),
    mode=st.sampled_from(["truncate", "insert", "delete-element", "retext"]),
)
def test_a_damaged_file_is_a_located_error_or_refusals(
    mini_xliff: dict[str, bytes], fmt: str, cut: int, junk: str, mode: str
) -> None:
    """Whatever happens to a returned file, apply answers with a message, never a crash."""
    from nvptool.i18n.extraction import returned_changes
    from nvptool.i18n.xmlread import FormatError
    from nvptool.load.plan import load_plan

    raw = mini_xliff[fmt]
    position = cut % len(raw)
    if mode == "truncate":
        raw = raw[:position]
    elif mode == "insert":
        raw = raw[:position] + junk.encode() + raw[position:]
    else:
        root = etree.fromstring(raw)
        elements = list(root.iter())
        victim = elements[position % len(elements)]
        if mode == "delete-element" and victim.getparent() is not None:
            victim.getparent().remove(victim)
        else:
            victim.text = junk
        raw = etree.tostring(root)
    try:
        outcome = returned_changes(load_plan(MINI).plan, raw, "w.xlf")
    except FormatError as error:
        assert str(error).startswith("w.xlf")
        return
    for line in outcome.refused:
        assert line.startswith("w.xlf:")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("<script>alert(1)</script>", "'</script>', '<script>'"),
        ("voir aussi [^fn-9]", "'[^fn-9]'"),
        ("[un lien](javascript:alert(1))", "'[', '](javascript:alert(1))'"),
    ],
)
def test_markdown_typed_as_words_is_refused(tmp_path: Path, typed: str, shown: str) -> None:
    """Typed into a CAT tool, Markdown is text to XLIFF; back in the plan it would be
    syntax the source never had. Only the source's tags bring syntax in."""
    plan, root, target = footnote_unit(tmp_path, "xliff")
    target.text = f"Selon l'article 37 LPI {typed}"
    target.set("state", "signed-off")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    expected = f"its translation adds Markdown the source does not have ({shown})"
    assert f"unit demo:afstemming#body: {expected}" in done.stderr
    assert snapshot(plan) == before


def test_a_layout_the_source_lacks_is_refused(tmp_path: Path) -> None:
    """Four spaces before a segment's text made the French page show it as code; check
    said nothing (a '# ' or '> ' is refused as Markdown typed as words)."""
    shown = "it adds a block of code"
    plan, root, target = footnote_unit(tmp_path, "xliff")
    target.text = "    Selon l'article 37 LPI"
    target.set("state", "signed-off")
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 1
    said = f"unit demo:afstemming#body: its translation is laid out unlike its source: {shown}"
    assert said in done.stderr, done.stderr
    assert snapshot(plan) == before


def _segmented(unit: etree._Element, pieces: list[tuple[str, str, str | None]]) -> None:
    """The unit's one segment replaced by segments and ignorables, as a CAT tool splits a
    text into sentences: (kind, source, target) each, with a state for a segment's target."""
    for old in unit.findall(f"{{{X20}}}segment"):
        unit.remove(old)
    for kind, source, target in pieces:
        piece = etree.SubElement(unit, f"{{{X20}}}{kind}")
        if kind == "segment":
            piece.set("state", "translated" if target else "initial")
        etree.SubElement(piece, f"{{{X20}}}source").text = source
        if target is not None:
            etree.SubElement(piece, f"{{{X20}}}target").text = target


def _body_unit(root: etree._Element) -> etree._Element:
    [unit] = [
        u
        for u in root.iter(f"{{{X20}}}unit")
        if "646 personen" in "".join(u.find(f".//{{{X20}}}source").itertext())
    ]
    return unit


def test_a_unit_split_into_segments_is_one_text(tmp_path: Path) -> None:
    """Segmenting CAT tools split a unit into sentences: it was refused, the whole file with
    it ("needs one <segment>"). Its text is its segments' and what lies between, in order;
    it is done when every segment is."""
    plan = make_plan(tmp_path)
    root = extract(plan, tmp_path / "w.xlf", "--all", "--format", "xliff2")
    _segmented(
        _body_unit(root),
        [
            ("segment", "In 2019 stierven 646 personen", "En 2019, 646 personnes"),
            ("ignorable", " ", None),
            ("segment", "op de Belgische wegen.", "ont perdu la vie sur les routes belges."),
        ],
    )
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    text = (plan / PHENOMENON).read_text(encoding="utf-8")
    assert "text: En 2019, 646 personnes ont perdu la vie sur les routes belges." in text
    # One segment left untranslated: the unit is not done, and nothing of it is applied.
    plan = make_plan(tmp_path / "again")
    root = extract(plan, tmp_path / "w2.xlf", "--all", "--format", "xliff2")
    _segmented(
        _body_unit(root),
        [
            ("segment", "In 2019 stierven 646 personen", "En 2019, 646 personnes"),
            ("ignorable", " ", None),
            ("segment", "op de Belgische wegen.", None),
        ],
    )
    (tmp_path / "w2.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    nvptool("i18n", "apply", tmp_path / "w2.xlf", "--plan", plan)
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    ("fmt", "name", "value"),
    [
        ("xliff", "state", "bogus"),
        ("xliff2", "state", "bogus"),
        ("xliff2", "state", ""),
        ("xliff", "state-qualifier", "mt-sugestion"),
    ],
)
def test_a_state_the_format_does_not_have_is_refused(
    tmp_path: Path, fmt: str, name: str, value: str
) -> None:
    """state="bogus" read as "not finished": a translator's work was skipped without a word;
    a misspelt qualifier made the machine's translation a person's."""
    plan, root, target = footnote_unit(tmp_path, fmt)
    holder = target if fmt == "xliff" else target.getparent()
    holder.set(name, value)
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    before = snapshot(plan)
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode != 0
    version = "1.2" if fmt == "xliff" else "2.0"
    assert f"{name} '{value}' is not one of XLIFF {version}'s" in done.stderr, done.stderr
    assert snapshot(plan) == before


def test_a_paragraph_split_typed_in_a_segment_is_the_translation_s_own(tmp_path: Path) -> None:
    """A translator who ends a paragraph in the target (a language may split a sentence)
    was refused as adding Markdown, though the site and TR05 leave paragraphs to the
    translation."""
    plan, root, target = footnote_unit(tmp_path, "xliff")
    [tag] = list(target)
    target.text = "Selon l'article 37 LPI"
    tag.tail = ".\n\nChaque conseil zonal prépare un plan."
    target.set("state", "translated")
    target.attrib.pop("state-qualifier", None)
    (tmp_path / "w.xlf").write_bytes(etree.tostring(root))
    done = nvptool("i18n", "apply", tmp_path / "w.xlf", "--plan", plan)
    assert done.returncode == 0, done.stderr
    text = (plan / CHAPTER).read_text(encoding="utf-8")
    assert "LPI[^fn-1]." in text and "Chaque conseil zonal prépare un plan." in text
