"""Reading a dossier PDF the way its receiver's reader will: every attached file under every name (a name
tree may list a name twice, and one file entry may point at two different contents, of which pdfdetach,
Evince and Adobe each pick their own), and everything a reader shows or runs that a WalletCare export never
writes — marks laid over a page, links, a cut-down or turned page, scripts and actions, forms.

Each finding is one sentence in plain words, naming the page or the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from walletcare.evidence.dossier.seal import SEAL_FIELD
from walletcare.i18n import _


@dataclass
class Attachments:
    """The attached files by name (the first content under each name), and what is wrong with them."""

    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _name_tree_pairs(node: Any, depth: int = 0) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if depth > 32:  # a loop in the tree
        raise ValueError("name tree too deep")
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        pairs += [(str(names[i]), names[i + 1].get_object()) for i in range(0, len(names) - 1, 2)]
    for kid in node.get("/Kids", None) or []:
        pairs += _name_tree_pairs(kid.get_object(), depth + 1)
    return pairs


def _stream_data(obj: Any) -> bytes | None:
    try:
        return bytes(obj.get_object().get_data())
    except Exception:
        return None


def attachments(reader: Any) -> Attachments:
    """Every file in the document's ``/EmbeddedFiles`` name tree (``reader``: a ``pypdf.PdfReader``)."""
    out = Attachments()
    names = reader.trailer["/Root"].get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    if tree is None:
        return out
    seen: set[str] = set()
    for name, spec in _name_tree_pairs(tree.get_object()):
        if name in seen:
            out.problems.append(_("Two attached files are named {name}: PDF readers may open either one.").format(
                name=name))
            continue
        seen.add(name)
        for key in ("/UF", "/F"):
            shown = spec.get(key)
            if shown is not None and str(shown) != name:
                out.problems.append(_("The attached file {name} opens under another name ({other}).").format(
                    name=name, other=str(shown)))
                break
        ef = spec.get("/EF")
        contents = [_stream_data(ef[key]) for key in sorted(ef.get_object())] if ef is not None else []
        if not contents:
            continue
        if any(c != contents[0] for c in contents[1:]):
            out.problems.append(_("The attached file {name} holds two different contents: PDF readers may show "
                                  "either one.").format(name=name))
        data = contents[0]
        out.files[name] = data if data is not None else b"\0unreadable"
    return out


def _signature_field(field: Any) -> bool:
    """The seal's field, or a document time stamp's (PAdES-LTA adds those after the seal)."""
    if field.get("/FT") != "/Sig":
        return False
    value = field.get("/V")
    stamp = value is not None and value.get_object().get("/Type") == "/DocTimeStamp"
    return str(field.get("/T")) == SEAL_FIELD or stamp


def _invisible(annot: Any) -> bool:
    rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
    hidden = int(annot.get("/F", 0)) & 2
    return bool(hidden) or len(rect) != 4 or rect[0] == rect[2] or rect[1] == rect[3]


def _is_signature_widget(annot: Any) -> bool:
    parent = annot.get("/Parent")
    field = parent.get_object() if parent is not None else annot
    return annot.get("/Subtype") == "/Widget" and _signature_field(field) and _invisible(annot)


def _annotation(number: int, annot: Any) -> str:
    kind = str(annot.get("/Subtype", "")).lstrip("/")
    action = annot.get("/A")
    action = action.get_object() if action is not None else None
    if kind == "Link":
        uri = action.get("/URI") if action is not None else None
        if uri is not None:
            return _("Page {page} has a link to {address} added to it.").format(page=number, address=str(uri))
        return _("Page {page} has a link added to it.").format(page=number)
    if kind == "FreeText":
        return _("Page {page} has a text box laid over it: it can show other words or amounts on top of the "
                 "page.").format(page=number)
    if kind == "Stamp":
        return _("Page {page} has a stamp laid over it.").format(page=number)
    if kind == "FileAttachment":
        return _("Page {page} carries an attached file of its own.").format(page=number)
    if kind == "Widget":
        return _("Page {page} has a form field added to it.").format(page=number)
    return _("Page {page} has a mark laid over it ({kind}).").format(page=number, kind=kind or "—")


def _box(page: Any, name: str) -> list[float] | None:
    value = page.get(name)
    return [round(float(v), 2) for v in value.get_object()] if value is not None else None


def additions(reader: Any) -> list[str]:
    """What a reader would show or run beyond the exported pages (empty for a dossier as exported)."""
    found: list[str] = []
    for index, page in enumerate(reader.pages):
        number = index + 1
        for ref in page.get("/Annots", None) or []:
            annot = ref.get_object()
            if not _is_signature_widget(annot):
                found.append(_annotation(number, annot))
        media = _box(page, "/MediaBox")
        for name in ("/CropBox", "/TrimBox", "/ArtBox", "/BleedBox"):
            box = _box(page, name)
            if box is not None and box != media:
                found.append(_("Page {page} shows only part of itself: its visible area was cut down.").format(
                    page=number))
                break
        if page.rotation % 360:
            found.append(_("Page {page} is turned by {degrees}°.").format(page=number, degrees=page.rotation % 360))
        if "/AA" in page:
            found.append(_("Page {page} runs an action when it is shown.").format(page=number))
    root = reader.trailer["/Root"]
    if "/OpenAction" in root or "/AA" in root:
        found.append(_("The file runs an action (such as a script or a web address) when it is opened."))
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        found.append(_("The file contains scripts."))
    form = root.get("/AcroForm")
    if form is not None:
        form = form.get_object()
        if "/XFA" in form:
            found.append(_("The file contains a form that some readers show instead of the pages."))
        for ref in form.get("/Fields", None) or []:
            if not _signature_field(ref.get_object()):
                found.append(_("The file has a form field added to it ({name}).").format(
                    name=str(ref.get_object().get("/T", "?"))))
    return found
