"""What may be attached is decided from the content, whatever the name or the browser says."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import RequestFactory

from cercle.lib.tests import samples
from cercle.lib.uploads import (
    CappedTemporaryFileUploadHandler,
    check_attachment,
    clean_filename,
)


@pytest.mark.parametrize(
    ("fmt", "name", "content_type", "extension"),
    [
        ("PNG", "a.png", "image/png", "png"),
        ("JPEG", "a.jpeg", "image/jpeg", "jpeg"),
        ("GIF", "a.gif", "image/gif", "gif"),
        ("WEBP", "a.webp", "image/webp", "webp"),
    ],
)
def test_pictures_are_accepted_with_their_size(fmt, name, content_type, extension):
    checked = check_attachment(samples.upload(name, samples.image_bytes(fmt, (30, 20))))
    assert checked.kind.content_type == content_type
    assert checked.kind.is_image
    assert checked.name == name
    assert (checked.width, checked.height) == (30, 20)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (samples.pdf_bytes(), "cr.pdf", "application/pdf"),
        (
            samples.ooxml_bytes(),
            "note.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            samples.ooxml_bytes(samples.XLSX_MAIN),
            "budget.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (samples.opendocument_bytes(), "note.odt", "application/vnd.oasis.opendocument.text"),
        (
            samples.opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "t.ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("Bonjour, ça va ?\n".encode(), "notes.txt", "text/plain"),
        (b"nom;ville\nAlice;Lyon\n", "membres.csv", "text/csv"),
        (b"# Titre\n\n- un point\n", "ordre-du-jour.md", "text/markdown"),
        (b"\xef\xbb\xbfavec BOM\n", "bom.txt", "text/plain"),
    ],
)
def test_documents_and_text_are_accepted(content, name, content_type):
    checked = check_attachment(samples.upload(name, content))
    assert checked.kind.content_type == content_type
    assert checked.name == name
    assert not checked.kind.is_image


def test_the_kind_comes_from_the_content_not_the_name_nor_the_browser():
    # A PDF named .png and announced as a picture is a PDF, and downloads as one.
    checked = check_attachment(samples.upload("photo.png", samples.pdf_bytes(), "image/png"))
    assert checked.kind.content_type == "application/pdf"
    assert checked.name == "photo.png.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", samples.HTML_PAGE),
        ("page.txt", samples.HTML_PAGE),  # HTML renamed
        ("photo.png", samples.HTML_PAGE),  # HTML disguised as a picture
        ("notes.md", b"Bonjour\n\n<img src=x onerror=alert(1)>\n"),
        ("notes.txt", b"Bonjour\n<script>alert(1)</script>\n"),
        ("logo.svg", samples.SVG_IMAGE),
        ("logo.png", samples.SVG_IMAGE),  # SVG renamed
        ("logo.txt", b'<?xml version="1.0"?>\n' + samples.SVG_IMAGE),
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200),
        ("photo.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200),  # a program renamed
        ("tool.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
        ("install.txt", b"#!/bin/sh\nrm -rf ~\n"),
        ("run.bat", b"@echo off\r\ndel /q *\r\n"),  # harmless bytes, but a name that runs
        ("macro.docx", samples.ooxml_bytes(samples.DOCM_MAIN)),
        ("macro2.docx", samples.ooxml_bytes(macros=True)),
        ("archive.zip", samples.zip_bytes()),
        ("archive.docx", samples.zip_bytes()),  # a zip that is not a document
        ("latin1.txt", "café".encode("latin-1")),
        ("nul.csv", b"a,b\x00,c\n"),
        ("bad.png", samples.image_bytes("PNG")[:40]),  # a picture cut short
        ("photo.bmp", samples.image_bytes("BMP")),
        ("photo.tiff", samples.image_bytes("TIFF")),
    ],
)
def test_refused_kinds(name, content):
    with pytest.raises(ValidationError, match="cannot be attached"):
        check_attachment(samples.upload(name, content, "image/png"))


def test_a_file_too_large_is_refused_with_its_size_and_the_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        check_attachment(samples.upload("long.txt", b"a" * 1001))
    assert "“long.txt” is too large (1001" in refused.value.messages[0]
    assert "1000" in refused.value.messages[0]
    assert check_attachment(samples.upload("ok.txt", b"a" * 1000)).kind.content_type


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="is empty"):
        check_attachment(samples.upload("vide.txt", b""))


@pytest.mark.parametrize(
    ("raw", "extensions", "clean"),
    [
        ("../../etc/passwd", ("txt",), "passwd.txt"),
        ("C:\\Users\\moi\\rapport.pdf", ("pdf",), "rapport.pdf"),
        ('<img src=x onerror="alert(1)">.png', ("png",), "_img src=x onerror=_alert(1)__.png"),
        ("facture\u202egnp.exe", ("pdf",), "facturegnp.exe.pdf"),  # right-to-left override
        ("a\x00b\nc.txt", ("txt",), "abc.txt"),
        ("run.bat", ("txt", "text", "log"), "run.bat.txt"),
        ("photo.JPG", ("jpg", "jpeg"), "photo.JPG"),
        ("", ("pdf",), "file.pdf"),
        ("...", ("pdf",), "file.pdf"),
        ("x" * 300 + ".pdf", ("pdf",), "x" * 116 + ".pdf"),
    ],
)
def test_file_names_are_cleaned(raw, extensions, clean):
    assert clean_filename(raw, extensions) == clean


def test_uploads_past_every_limit_stop_being_written_but_keep_their_size(settings):
    """A 2 GB upload must not fill the disk on its way to being refused."""
    settings.ATTACHMENT_MAX_BYTES = settings.MAX_IMAGE_UPLOAD_BYTES = 100
    request = RequestFactory().post("/")
    handler = CappedTemporaryFileUploadHandler(request)
    handler.new_file("field", "big.txt", "text/plain", 10_000)
    received = 0
    for _ in range(100):
        handler.receive_data_chunk(b"a" * 64, received)
        received += 64
    upload = handler.file_complete(received)
    assert upload.size == 6400
    assert len(upload.read()) <= 101 + 64
    with pytest.raises(ValidationError, match="too large"):
        check_attachment(upload)
    assert "cercle.lib.uploads.CappedTemporaryFileUploadHandler" in settings.FILE_UPLOAD_HANDLERS
    assert MemoryFileUploadHandler.__module__ + ".MemoryFileUploadHandler" in (
        settings.FILE_UPLOAD_HANDLERS
    )
