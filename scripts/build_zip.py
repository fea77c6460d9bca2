#!/usr/bin/env python3
"""Build the release ZIP of LandCarbon: dist/landcarbon-<version>.zip.

QGIS installs it with *Plugins > Manage and Install Plugins > Install from
ZIP* and plugins.qgis.org accepts it: one top folder named ``landcarbon/``
(the plugin's folder name), the files git tracks minus those .gitattributes
marks ``export-ignore`` (tests, benchmarks, scripts, CI, developer files),
no bytecode or compiled binaries, at most 25 MB (the limits of the plugin
repository's validator, QGIS-Django ``qgis-app/plugins/validator.py``).

    python3 scripts/build_zip.py                # the tracked files as they are in this checkout
    python3 scripts/build_zip.py --ref v0.1.0   # the files of a commit (a release)

Reproducible: entries sorted by name, every timestamp 1980-01-01 00:00,
mode 0644, deflate level 9, so the same files give the same bytes. With
``--ref`` the files come from the commit (``git archive``), so a commit gives
the same ZIP on any machine; without it they are the working-tree content of
the tracked files (what the tests check) and the script names the shipped
files that differ from HEAD. Untracked files never ship. Needs only Python 3
and git.
"""

import argparse
import configparser
import io
import os
import re
import subprocess
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_FOLDER = "landcarbon"          # the folder QGIS installs the plugin in
MAX_ZIP_BYTES = 25_000_000            # plugins.qgis.org PLUGIN_MAX_UPLOAD_SIZE
ZIP_TIME = (1980, 1, 1, 0, 0, 0)      # the earliest time a ZIP entry can hold
REQUIRED_FILES = ("__init__.py", "metadata.txt", "LICENSE")
# compiled code the plugin repository refuses (names and leading bytes)
BINARY_SUFFIXES = (".pyc", ".pyo", ".so", ".pyd", ".dll", ".dylib", ".exe")
BINARY_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")


class BuildError(Exception):
    """A reason the ZIP cannot be built, written for the person building it."""


def git(*args, stdin=None):
    """Output of a read-only git command run in the repository (bytes).

    core.autocrlf is off so that text files keep the line endings git
    stores, whatever the platform's setting."""
    try:
        proc = subprocess.run(["git", "-C", ROOT, "-c", "core.autocrlf=false"] + list(args),
                              input=stdin, capture_output=True)
    except FileNotFoundError:
        raise BuildError("git is not installed or not on PATH; the ZIP is built from the "
                         "files git tracks, so install git and run this in a clone of "
                         "LandCarbon.") from None
    if proc.returncode != 0:
        raise BuildError("git %s failed: %s"
                         % (" ".join(args), proc.stderr.decode(errors="replace").strip()))
    return proc.stdout


def shipped_paths():
    """The tracked paths (git's index) not marked export-ignore."""
    paths = [p for p in git("ls-files", "-z").decode().split("\0") if p]
    # check-attr -z answers "path NUL attribute NUL value NUL" per path
    answer = git("check-attr", "-z", "--stdin", "export-ignore",
                 stdin="\0".join(paths).encode()).decode().split("\0")
    ignored = {answer[i] for i in range(0, len(answer) - 2, 3) if answer[i + 2] == "set"}
    return [p for p in paths if p not in ignored]


def worktree_files(paths):
    """{path: bytes} of ``paths`` as they are in the working tree; a tracked
    file deleted from the working tree is left out (it is being removed)."""
    files = {}
    for path in paths:
        full = os.path.join(ROOT, path)
        if os.path.islink(full):
            raise BuildError("%s is a symbolic link; the ZIP holds regular files only (QGIS on "
                             "Windows cannot install links): commit the file itself." % path)
        if os.path.isfile(full):
            with open(full, "rb") as fh:
                files[path] = fh.read()
    return files


def commit_files(ref):
    """{path: bytes} of the files of commit ``ref`` not marked export-ignore
    (by that commit's .gitattributes), read with git archive."""
    archive = tarfile.open(fileobj=io.BytesIO(git("archive", "--format=tar", ref)))
    files = {}
    for member in archive.getmembers():
        if member.issym() or member.islnk():
            raise BuildError("%s is a symbolic link in %s; the ZIP holds regular files only."
                             % (member.name, ref))
        if member.isfile():
            files[member.name] = archive.extractfile(member).read()
    return files


def changed_since_head(paths):
    """Those of ``paths`` whose working-tree content differs from HEAD
    (changed, added or deleted)."""
    changed = git("diff", "--name-only", "-z", "HEAD").decode().split("\0")
    return sorted(set(changed) & set(paths))


def plugin_version(files):
    """The version in the shipped metadata.txt, checked to be usable in a file name."""
    parser = configparser.ConfigParser()
    try:
        parser.read_string(files["metadata.txt"].decode("utf-8"), "metadata.txt")
        version = parser.get("general", "version").strip()
    except (KeyError, UnicodeDecodeError, configparser.Error) as exc:
        raise BuildError("metadata.txt has no readable [general] version (%s); QGIS needs one, "
                         "e.g. version=0.1.0." % exc) from None
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+_-]*", version):
        raise BuildError("metadata.txt version %r cannot name the ZIP: use digits, letters, "
                         "'.', '+', '-' or '_' (e.g. 0.1.0)." % version)
    return version


def check_shippable(files):
    """Refuse a file set the plugin repository would refuse: a required file
    missing, bytecode or compiled binaries."""
    missing = [name for name in REQUIRED_FILES if name not in files]
    if missing:
        raise BuildError("%s missing from the files git tracks; QGIS and plugins.qgis.org need "
                         "them at the top of the plugin folder." % ", ".join(missing))
    binaries = [path for path, data in sorted(files.items())
                if path.lower().endswith(BINARY_SUFFIXES) or data.startswith(BINARY_MAGIC)]
    if binaries:
        raise BuildError("compiled files would ship, which plugins.qgis.org refuses: %s. Remove "
                         "them from git or mark them export-ignore in .gitattributes."
                         % ", ".join(binaries))


def write_zip(files, path):
    """Write ``files`` under PLUGIN_FOLDER/ in name order with fixed times and
    modes; the ZIP appears complete or not at all. Returns its size in bytes."""
    partial = "%s.partial-%d" % (path, os.getpid())
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name in sorted(files):
                info = zipfile.ZipInfo("%s/%s" % (PLUGIN_FOLDER, name), date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3                      # Unix, on every platform
                info.external_attr = 0o100644 << 16         # regular file, rw-r--r--
                archive.writestr(info, files[name], compresslevel=9)
        size_bytes = os.path.getsize(partial)
        if size_bytes > MAX_ZIP_BYTES:
            raise BuildError("the ZIP would be %.1f MB, more than the %g MB plugins.qgis.org "
                             "accepts: mark large files export-ignore in .gitattributes."
                             % (size_bytes / 1e6, MAX_ZIP_BYTES / 1e6))
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return size_bytes


def build_zip(output_dir, ref=None):
    """Build landcarbon-<version>.zip in ``output_dir`` from commit ``ref``
    (None: the working tree's tracked files). Returns (path, number of files,
    size in bytes, shipped paths that differ from HEAD)."""
    if ref:
        files, changed = commit_files(ref), []
    else:
        paths = shipped_paths()
        files, changed = worktree_files(paths), changed_since_head(paths)
    check_shippable(files)
    path = os.path.join(output_dir, "%s-%s.zip" % (PLUGIN_FOLDER, plugin_version(files)))
    os.makedirs(output_dir, exist_ok=True)
    return path, len(files), write_zip(files, path), changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", help="build from this commit, tag or branch (default: the "
                                      "tracked files of the working tree)")
    parser.add_argument("--output-dir", default=os.path.join(ROOT, "dist"),
                        help="folder for the ZIP (default: dist/ in the repository)")
    args = parser.parse_args(argv)
    try:
        path, count, size_bytes, changed = build_zip(args.output_dir, args.ref)
    except BuildError as exc:
        print("build_zip: %s" % exc, file=sys.stderr)
        return 1
    print("%s: %d files, %.2f MB (%s)" % (path, count, size_bytes / 1e6,
                                          args.ref or "tracked files of the working tree"))
    if changed:
        print("note: %d shipped file(s) differ from HEAD, so this ZIP is not HEAD's: %s"
              % (len(changed), ", ".join(changed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
