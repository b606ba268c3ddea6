"""Find a FreeCAD installation at run time and make it importable.

Order: ``FREECAD_PATH`` / ``FREECAD_APPIMAGE_PATH`` when set, then auto-detection (Debian/Ubuntu packages, an extracted
AppImage, conda, the macOS app bundle). Nothing is hard-wired into the repository; a failure names every place tried.
See ``shared notes / freecad-0.20-headless`` for why the Mod symlink and ``sys.path`` dance is needed.
"""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ai_designer.core.errors import FreeCADNotFoundError

__all__ = ["FreeCADInstall", "locate_freecad", "import_freecad"]

_LIB_SUFFIXES = ("lib", "usr/lib", "lib/freecad/lib", "lib/freecad-python3/lib", "usr/lib/freecad-python3/lib",
                 "usr/lib/freecad/lib", "Contents/Resources/lib", "Contents/lib", "")


@dataclass(frozen=True)
class FreeCADInstall:
    lib_dir: Path  # holds FreeCAD.so / FreeCAD.pyd
    mod_dir: Path | None  # holds Part/, PartDesign/, Draft/ …
    ext_dir: Path | None


def _candidates() -> list[Path]:
    roots: list[Path] = []
    for var in ("FREECAD_PATH", "FREECAD_APPIMAGE_PATH"):
        value = os.environ.get(var)
        if value:
            roots.append(Path(value).expanduser())
    roots += [Path("/usr/lib/freecad-python3/lib"), Path("/usr/lib/freecad/lib"), Path("/usr/lib/freecad-daily/lib"),
              Path("/usr/local/lib/freecad/lib"), Path("/opt/freecad/lib")]
    roots += [Path(p) for p in sorted(glob.glob("/opt/*/squashfs-root/usr/lib"))]
    for var in ("CONDA_PREFIX",):
        if os.environ.get(var):
            roots.append(Path(os.environ[var]) / "lib")
    roots += [Path("/Applications/FreeCAD.app/Contents/Resources/lib")]
    return roots


def _has_module(lib: Path) -> bool:
    return any((lib / name).is_file() for name in ("FreeCAD.so", "FreeCAD.pyd"))


def _mod_dir(lib: Path) -> Path | None:
    for cand in (lib.parent / "Mod", lib.parent.parent / "share" / "freecad" / "Mod", Path("/usr/share/freecad/Mod"),
                 lib.parent / "share" / "Mod", lib.parent / "Resources" / "Mod"):
        if (cand / "Part").is_dir():
            return cand
    return None


def locate_freecad() -> FreeCADInstall:
    """Return the FreeCAD install to use, or raise :class:`FreeCADNotFoundError` naming every place tried."""
    tried: list[str] = []
    for root in _candidates():
        for suffix in _LIB_SUFFIXES:
            lib = root / suffix if suffix else root
            if str(lib) in tried:
                continue
            tried.append(str(lib))
            if _has_module(lib):
                mod = _mod_dir(lib)
                ext = mod.parent / "Ext" if mod and (mod.parent / "Ext").is_dir() else None
                return FreeCADInstall(lib.resolve(), mod, ext)
    raise FreeCADNotFoundError(
        "FreeCAD was not found. On Debian/Ubuntu: `sudo apt-get install --no-install-recommends freecad-python3`; "
        "elsewhere set FREECAD_PATH to the directory holding FreeCAD.so (or FREECAD_APPIMAGE_PATH to an extracted "
        "AppImage).",
        details={"tried": tried},
    )


def import_freecad(user_dir: Path) -> object:
    """Import FreeCAD headless into this process with every workbench importable; returns the ``FreeCAD`` module.

    ``user_dir`` becomes FreeCAD's private user/temp directory (per worker, so crashed workers leave nothing shared).
    """
    if "FreeCAD" in sys.modules:
        return sys.modules["FreeCAD"]
    install = locate_freecad()
    user_dir.mkdir(parents=True, exist_ok=True)
    tmp = user_dir / "tmp"
    tmp.mkdir(exist_ok=True)
    if install.mod_dir is not None:
        link = user_dir / "Mod"
        if not link.exists():
            link.symlink_to(install.mod_dir)
    os.environ["FREECAD_USER_DATA"] = str(user_dir)
    os.environ["FREECAD_USER_HOME"] = str(user_dir)
    os.environ["FREECAD_USER_TEMP"] = str(tmp)
    paths = [str(install.lib_dir)]
    if install.mod_dir is not None:
        paths.append(str(install.mod_dir))
    if install.ext_dir is not None:
        paths.append(str(install.ext_dir))
    for p in paths:
        if p not in sys.path:
            sys.path.append(p)
    import FreeCAD  # noqa: N813  (FreeCAD's own module name)

    for p in list(getattr(FreeCAD, "__ModDirs__", [])):
        if p not in sys.path:
            sys.path.append(p)
    _expose_system_qt(user_dir)
    return FreeCAD


def _expose_system_qt(user_dir: Path) -> None:
    """Make Debian's PySide2/shiboken2 importable (Draft wants them even headless) *without* putting the whole
    system dist-packages on ``sys.path``: its numpy-1.x builds of scipy & co. would shadow what the venv lacks and
    crash against the venv's numpy ("numpy.dtype size changed")."""
    dist = Path("/usr/lib/python3/dist-packages")
    names = [n for n in ("PySide2", "shiboken2") if (dist / n).is_dir()]
    if not names:
        return
    links = user_dir / "system-qt"
    links.mkdir(exist_ok=True)
    for name in names:
        link = links / name
        if not link.exists():
            link.symlink_to(dist / name)
    if str(links) not in sys.path:
        sys.path.append(str(links))
