#!/usr/bin/env bash
# The Debian packages of gongkai's optional readers: tesseract (OCR with little memory) and
# LibreOffice (legacy .doc and .wps files). Installed where this machine can (root, apt-get);
# elsewhere the tests of those readers skip and say why. Never fails the build.
set -u
PACKAGES="tesseract-ocr tesseract-ocr-chi-sim libreoffice-writer-nogui"
if command -v tesseract >/dev/null && command -v soffice >/dev/null; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "system packages: not root, or no apt-get; the tesseract and LibreOffice tests will skip"
    exit 0
fi
install() { timeout 900 apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null 2>&1; }
if ! install && ! (timeout 300 apt-get update -q >/dev/null 2>&1 && install); then
    echo "system packages: could not install $PACKAGES; the tesseract and LibreOffice tests will skip"
fi
exit 0
