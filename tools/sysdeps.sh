#!/bin/sh
# Debian packages WalletCare needs beside its Python dependencies.
#   sysdeps.sh run    the libraries Qt's X11 (xcb) window plugin and OpenCV (for OCR) load, and a Chinese font
#   sysdeps.sh test   the above plus a virtual X server, the PDF rasteriser and strace the tests use
#   sysdeps.sh dist   the above plus patchelf (make dist, make test-dist)
# Missing packages are installed with apt-get when we are root; otherwise each is named with what it is
# for, and the app or the tests carry on (the tests that need them skip with a reason).
mode="${1:-test}"
py="${PYTHON:-.venv/bin/python}"
missing=""

need() {  # need PACKAGE: adds it unless dpkg says it is installed (or it is listed already)
    case " $missing " in *" $1 "*) return ;; esac
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || missing="$missing $1"
}

qt_dir=$("$py" -c "import os, PySide6; print(os.path.dirname(PySide6.__file__))" 2>/dev/null)
if command -v dpkg-query >/dev/null 2>&1; then
    # Qt's xcb plugin: linked libraries (ldd shows the missing ones) plus xcb-cursor, which it loads at run time.
    if [ -n "$qt_dir" ]; then
        for lib in $(ldd "$qt_dir/Qt/plugins/platforms/libqxcb.so" "$qt_dir/Qt/lib/libQt6XcbQpa.so.6" \
                         "$qt_dir/Qt/lib/libQt6Gui.so.6" 2>/dev/null | awk '/not found/ {print $1}' | sort -u); do
            case "$lib" in
                libxcb-icccm*) need libxcb-icccm4 ;;       libxcb-keysyms*) need libxcb-keysyms1 ;;
                libxcb-image*) need libxcb-image0 ;;       libxcb-render-util*) need libxcb-render-util0 ;;
                libxcb-shape*) need libxcb-shape0 ;;       libxcb-randr*) need libxcb-randr0 ;;
                libxcb-xkb*) need libxcb-xkb1 ;;           libxkbcommon-x11*) need libxkbcommon-x11-0 ;;
                libxkbcommon.so*) need libxkbcommon0 ;;    libEGL*) need libegl1 ;;
                libGL.so*|libOpenGL*) need libgl1 ;;       libfontconfig*) need libfontconfig1 ;;
                libdbus*) need libdbus-1-3 ;;              libX11-xcb*) need libx11-xcb1 ;;
                libxcb-*) need "$(echo "$lib" | sed 's/\.so\.\([0-9]*\)$/\1/')" ;;
            esac
        done
    fi
    # OpenCV (loaded only in the OCR worker process) links a few system libraries
    cv2_so=$("$py" -c "import glob, importlib.util, os; s = importlib.util.find_spec('cv2'); \
print(' '.join(glob.glob(os.path.join(os.path.dirname(s.origin), 'cv2*.so'))) if s and s.origin else '')" 2>/dev/null)
    for lib in $( [ -n "$cv2_so" ] && ldd $cv2_so 2>/dev/null | awk '/not found/ {print $1}' | sort -u); do
        case "$lib" in
            libGL.so*|libGLdispatch*|libGLX*) need libgl1 ;;  libglib-2.0*|libgthread-2.0*) need libglib2.0-0 ;;
            libxcb.so*) need libxcb1 ;;                       libXau*) need libxau6 ;;
            libXdmcp*) need libxdmcp6 ;;                      libz.so*) need zlib1g ;;
        esac
    done
    need libxcb-cursor0
    need fonts-wqy-microhei
    if [ "$mode" = "dist" ]; then
        need patchelf  # make dist: removes the build machine's library paths from the bundled libraries
    fi
    if [ "$mode" = "test" ] || [ "$mode" = "dist" ]; then
        need xvfb
        need xauth
        need poppler-utils
        need qpdf  # re-saves a dossier the way another program would (the seal tests)
        need strace  # tests/torture: kills a command on entry of its k-th rename or fsync
        need fonts-arphic-uming  # a serif (ming) face for the OCR accuracy suite (benchmarks/bench_ocr.py)
    fi
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "sysdeps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    if apt-get install -y -qq $missing >/dev/null 2>&1; then exit 0; fi
    echo "sysdeps: could not install$missing"
else
    echo "sysdeps: missing$missing (run 'sudo apt-get install$missing')"
fi
echo "sysdeps: without them the window may not open on an X11 desktop, Chinese text may show as boxes, and tests that need them are skipped."
exit 0
