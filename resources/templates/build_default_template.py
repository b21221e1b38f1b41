"""Build ``qbr_default.pptx``: the app's own 16:9 QBR template.

    .venv/bin/python -m resources.templates.build_default_template

python-pptx's bundled template is 4:3 and plain. This script starts from it, widens it to
16:9 (13.333 x 7.5 in), gives it a theme (navy, teal and warm accents; Calibri), a dark title
slide, a section header with an accent bar, and content slides with a small accent above the
title, a hairline above the footer and the slide number. Layout names stay the standard ones
("Title Slide", "Title and Content", "Title Only", "Section Header", "Blank", ...), so the deck
writer finds them in this template exactly as in a user's own.

Run it again after changing a colour or a position; the output is committed.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

OUT = Path(__file__).with_name("qbr_default.pptx")

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

WIDTH = Emu(12192000)
HEIGHT = Emu(6858000)

NAVY = "14213D"
TEAL = "0F7C8C"
INK = "1F2937"
MIST = "F2F4F7"
MUTED = "6B7280"
COLOURS = {
    "dk1": INK, "lt1": "FFFFFF", "dk2": NAVY, "lt2": MIST,
    "accent1": TEAL, "accent2": "E07A2E", "accent3": "2E9E6B", "accent4": "C8372D",
    "accent5": "5B6BB5", "accent6": "8A94A6", "hlink": TEAL, "folHlink": "5B6BB5",
}  # fmt: skip
FONT = "Calibri"

MARGIN = Inches(0.6)
TITLE_TOP = Inches(0.5)
TITLE_HEIGHT = Inches(0.85)
BODY_TOP = Inches(1.55)
FOOTER_TOP = Inches(7.0)
FOOTER_HEIGHT = Inches(0.32)
CONTENT_WIDTH = WIDTH - 2 * MARGIN


def q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def _theme(prs: Presentation) -> None:  # type: ignore[valid-type]
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "Account Success Planner")
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "Account Success Planner")
    for key, value in COLOURS.items():
        slot = scheme.find(f"a:{key}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, q("a:srgbClr"), val=value)
    fonts = root.find(".//a:fontScheme", NS)
    fonts.set("name", "Account Success Planner")
    for which in ("a:majorFont", "a:minorFont"):
        fonts.find(f"{which}/a:latin", NS).set("typeface", FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _xfrm(shape_el: etree._Element, x: int, y: int, cx: int, cy: int) -> None:
    sp_pr = shape_el.find("p:spPr", NS)
    xfrm = sp_pr.find("a:xfrm", NS)
    if xfrm is None:
        xfrm = etree.SubElement(sp_pr, q("a:xfrm"))
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    etree.SubElement(xfrm, q("a:off"), x=str(int(x)), y=str(int(y)))
    etree.SubElement(xfrm, q("a:ext"), cx=str(int(cx)), cy=str(int(cy)))


def _placeholders(container: object) -> dict[str, etree._Element]:
    """Placeholder shapes of a master or layout by type (title, body, dt, ftr, sldNum, ...)."""
    found: dict[str, etree._Element] = {}
    for sp in container._element.iter(q("p:sp")):  # type: ignore[attr-defined]
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        key = kind if kind not in found else f"{kind}:{ph.get('idx')}"
        found[key] = sp
    return found


def _rect(sp_tree: etree._Element, shape_id: int, name: str, x: int, y: int, cx: int, cy: int,
          colour: str) -> None:  # fmt: skip
    """A plain filled rectangle (no outline) appended to a shape tree."""
    sp = etree.SubElement(sp_tree, q("p:sp"))
    nv = etree.SubElement(sp, q("p:nvSpPr"))
    etree.SubElement(nv, q("p:cNvPr"), id=str(shape_id), name=name)
    etree.SubElement(nv, q("p:cNvSpPr"))
    etree.SubElement(nv, q("p:nvPr"))
    sp_pr = etree.SubElement(sp, q("p:spPr"))
    xfrm = etree.SubElement(sp_pr, q("a:xfrm"))
    etree.SubElement(xfrm, q("a:off"), x=str(int(x)), y=str(int(y)))
    etree.SubElement(xfrm, q("a:ext"), cx=str(int(cx)), cy=str(int(cy)))
    geom = etree.SubElement(sp_pr, q("a:prstGeom"), prst="rect")
    etree.SubElement(geom, q("a:avLst"))
    fill = etree.SubElement(sp_pr, q("a:solidFill"))
    etree.SubElement(fill, q("a:srgbClr"), val=colour)
    line = etree.SubElement(sp_pr, q("a:ln"))
    etree.SubElement(line, q("a:noFill"))
    # Decorative shapes go behind the placeholders: right after the group properties.
    sp_tree.remove(sp)
    sp_tree.insert(2, sp)


def _run_props(
    parent: etree._Element, *, size: int, colour: str, bold: bool = False, tag: str = "a:defRPr"
) -> etree._Element:
    rpr = parent.find(tag, NS)
    if rpr is None:
        rpr = etree.SubElement(parent, q(tag))
    rpr.set("sz", str(size * 100))
    rpr.set("b", "1" if bold else "0")
    for child in list(rpr):
        if child.tag == q("a:solidFill"):
            rpr.remove(child)
    fill = etree.Element(q("a:solidFill"))
    etree.SubElement(fill, q("a:srgbClr"), val=colour)
    rpr.insert(0, fill)
    if rpr.find("a:latin", NS) is None:
        etree.SubElement(rpr, q("a:latin"), typeface="+mn-lt")
    return rpr


def _list_style(
    sp: etree._Element, *, size: int, colour: str, bold: bool = False, align: str = "l",
    bullet: bool = False, anchor: str | None = None,
) -> None:  # fmt: skip
    """Set a placeholder's level-1 text style (inherited by slides using the layout)."""
    body = sp.find("p:txBody", NS)
    body_pr = body.find("a:bodyPr", NS)
    if anchor:
        body_pr.set("anchor", anchor)
    body_pr.set("lIns", "0")
    body_pr.set("rIns", "0")
    lst = body.find("a:lstStyle", NS)
    for child in list(lst):
        lst.remove(child)
    lvl = etree.SubElement(lst, q("a:lvl1pPr"), algn=align)
    if not bullet:
        lvl.set("marL", "0")
        lvl.set("indent", "0")
        etree.SubElement(lvl, q("a:buNone"))
    _run_props(lvl, size=size, colour=colour, bold=bold)


def _master(prs: Presentation) -> None:  # type: ignore[valid-type]
    master = prs.slide_master
    ph = _placeholders(master)
    _xfrm(ph["title"], MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
    _xfrm(ph["body"], MARGIN, BODY_TOP, CONTENT_WIDTH, FOOTER_TOP - BODY_TOP - Inches(0.2))
    _xfrm(ph["ftr"], MARGIN, FOOTER_TOP, Inches(8.6), FOOTER_HEIGHT)
    _xfrm(ph["dt"], MARGIN + Inches(8.8), FOOTER_TOP, Inches(1.7), FOOTER_HEIGHT)
    _xfrm(ph["sldNum"], WIDTH - MARGIN - Inches(1.5), FOOTER_TOP, Inches(1.5), FOOTER_HEIGHT)
    for key in ("dt", "ftr", "sldNum"):
        _list_style(ph[key], size=10, colour=MUTED, align="r" if key == "sldNum" else "l",
                    anchor="ctr")  # fmt: skip
    ph["title"].find("p:txBody/a:bodyPr", NS).set("anchor", "b")

    styles = master._element.find("p:txStyles", NS)
    title = styles.find("p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    _run_props(title, size=28, colour=NAVY, bold=True)
    body = styles.find("p:bodyStyle", NS)
    sizes = {1: 20, 2: 18, 3: 16, 4: 14, 5: 14}
    for level in range(1, 10):
        lvl = body.find(f"a:lvl{level}pPr", NS)
        if lvl is None:
            continue
        _run_props(lvl, size=sizes.get(level, 14), colour=INK)
        spc = lvl.find("a:spcBef", NS)
        if spc is not None:
            for child in list(spc):
                spc.remove(child)
            etree.SubElement(spc, q("a:spcPts"), val="900")
        bu_font = lvl.find("a:buFont", NS)
        if bu_font is not None:
            colour = etree.Element(q("a:buClr"))
            etree.SubElement(colour, q("a:srgbClr"), val=TEAL)
            bu_font.addprevious(colour)

    tree = master._element.find("p:cSld/p:spTree", NS)
    _rect(tree, 90, "Accent bar", MARGIN, TITLE_TOP - Inches(0.12), Inches(0.9), Inches(0.07),
          TEAL)  # fmt: skip
    _rect(tree, 91, "Footer rule", MARGIN, FOOTER_TOP - Inches(0.08), CONTENT_WIDTH,
          Emu(9525), "D1D5DB")  # fmt: skip


def _layouts(prs: Presentation) -> None:  # type: ignore[valid-type]
    half = (CONTENT_WIDTH - Inches(0.4)) // 2
    body_height = FOOTER_TOP - BODY_TOP - Inches(0.2)
    for layout in prs.slide_layouts:
        ph = _placeholders(layout)
        for key in ("dt", "ftr", "sldNum"):
            if key in ph:  # follow the master: position and text style
                ph[key].find("p:spPr", NS).clear()
                lst = ph[key].find("p:txBody/a:lstStyle", NS)
                for child in list(lst):
                    lst.remove(child)
        name = layout.name
        if name == "Title Slide":
            layout.background.fill.solid()
            layout.background.fill.fore_color.rgb = _rgb(NAVY)
            layout._element.set("showMasterSp", "0")
            _xfrm(ph["ctrTitle"], Inches(0.9), Inches(2.0), Inches(11.2), Inches(1.9))
            _list_style(ph["ctrTitle"], size=40, colour="FFFFFF", bold=True, anchor="b")
            _xfrm(ph["subTitle"], Inches(0.9), Inches(4.25), Inches(11.2), Inches(1.6))
            _list_style(ph["subTitle"], size=20, colour="C7D2E0", anchor="t")
            tree = layout._element.find("p:cSld/p:spTree", NS)
            _rect(tree, 90, "Accent bar", Inches(0.9), Inches(4.02), Inches(1.3), Inches(0.08),
                  TEAL)  # fmt: skip
            _rect(tree, 91, "Side band", 0, 0, Inches(0.28), HEIGHT, TEAL)
        elif name == "Section Header":
            _xfrm(ph["title"], Inches(0.9), Inches(2.3), Inches(11.2), Inches(1.5))
            _list_style(ph["title"], size=36, colour=NAVY, bold=True, anchor="b")
            _xfrm(ph["body"], Inches(0.9), Inches(4.05), Inches(11.2), Inches(1.2))
            _list_style(ph["body"], size=20, colour=MUTED, anchor="t")
            layout._element.set("showMasterSp", "0")
            tree = layout._element.find("p:cSld/p:spTree", NS)
            _rect(tree, 90, "Accent bar", Inches(0.9), Inches(3.88), Inches(1.3), Inches(0.08),
                  TEAL)  # fmt: skip
            _rect(tree, 91, "Side band", 0, 0, Inches(0.28), HEIGHT, NAVY)
        elif name in {"Title and Content", "Title and Vertical Text"}:
            _xfrm(ph["title"], MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
            body_key = next(k for k in ph if k.startswith(("body", "obj")))
            _xfrm(ph[body_key], MARGIN, BODY_TOP, CONTENT_WIDTH, body_height)
        elif name == "Title Only":
            _xfrm(ph["title"], MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
        elif name == "Two Content":
            _xfrm(ph["title"], MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
            objs = [k for k in ph if k.startswith("obj")]
            _xfrm(ph[objs[0]], MARGIN, BODY_TOP, half, body_height)
            _xfrm(ph[objs[1]], MARGIN + half + Inches(0.4), BODY_TOP, half, body_height)
        elif name == "Comparison":
            _xfrm(ph["title"], MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
            bodies = [k for k in ph if k.startswith("body")]
            objs = [k for k in ph if k.startswith("obj")]
            for i, (b, o) in enumerate(zip(bodies, objs, strict=True)):
                x = MARGIN + i * (half + Inches(0.4))
                _xfrm(ph[b], x, BODY_TOP, half, Inches(0.6))
                _xfrm(ph[o], x, BODY_TOP + Inches(0.7), half, body_height - Inches(0.7))
        elif name == "Content with Caption":
            _xfrm(ph["title"], MARGIN, TITLE_TOP, Inches(4.0), Inches(1.2))
            objs = [k for k in ph if k.startswith("obj")]
            bodies = [k for k in ph if k.startswith("body")]
            _xfrm(ph[objs[0]], MARGIN + Inches(4.4), TITLE_TOP, CONTENT_WIDTH - Inches(4.4),
                  FOOTER_TOP - TITLE_TOP - Inches(0.2))  # fmt: skip
            _xfrm(ph[bodies[0]], MARGIN, TITLE_TOP + Inches(1.35), Inches(4.0),
                  FOOTER_TOP - TITLE_TOP - Inches(1.55))  # fmt: skip
        elif name == "Picture with Caption":
            _xfrm(ph["title"], MARGIN, Inches(5.2), CONTENT_WIDTH, Inches(0.6))
            _xfrm(ph["pic"], MARGIN, TITLE_TOP, CONTENT_WIDTH, Inches(4.5))
            _xfrm(ph["body"], MARGIN, Inches(5.85), CONTENT_WIDTH, Inches(0.9))
        elif name == "Vertical Title and Text":
            _xfrm(ph["title"], WIDTH - MARGIN - Inches(2.6), TITLE_TOP, Inches(2.6),
                  FOOTER_TOP - TITLE_TOP - Inches(0.2))  # fmt: skip
            body_key = next(k for k in ph if k.startswith("body"))
            _xfrm(ph[body_key], MARGIN, TITLE_TOP, CONTENT_WIDTH - Inches(3.0),
                  FOOTER_TOP - TITLE_TOP - Inches(0.2))  # fmt: skip


def _rgb(hex_colour: str) -> object:
    from pptx.dml.color import RGBColor  # noqa: PLC0415

    return RGBColor.from_string(hex_colour)


def build(path: Path = OUT) -> Path:
    prs = Presentation()
    prs.slide_width = WIDTH
    prs.slide_height = HEIGHT
    _theme(prs)
    _master(prs)
    _layouts(prs)
    prs.core_properties.title = "QBR template"
    prs.core_properties.author = "Account Success Planner"
    prs.core_properties.comments = "16:9 template for Quarterly Business Review decks."
    prs.save(str(path))
    return path


if __name__ == "__main__":
    print(f"Wrote {build()}")  # noqa: T201
