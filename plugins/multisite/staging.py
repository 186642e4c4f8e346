"""Building beside the live output, one build at a time, and publishing it in one step.

Layout, for an output folder ``output`` (the names follow the folder's name)::

    output               a symlink to the published build: .output.builds/a (or /b)
    .output.builds/a     the published build
    .output.builds/b     the previous one: the next build's staging folder
    .output.lock         the lock that keeps builds of output/ one at a time

A build takes the lock (``locked``), makes its staging folder a hard-linked
mirror of the published build (``prepare``: cheap, because unchanged files
share their data, and safe, because every file the build changes is replaced
- written to a new file and renamed - never modified in place), runs Pelican
into it, and publishes it by putting a new symlink over ``output`` with one
``os.replace`` (``swap``): at every instant ``output`` is either the whole old
build or the whole new one, never missing, never half-written. The folder that
was published before becomes the next staging folder, so the mirror only has to
catch up with what the last build changed: the paths that build listed in its
journal (``.output.builds/journal.json``, see ``record``), or, when there is no
journal that holds, whatever a walk of both trees finds different.

Files the mirror drops (the last build's versions of what the published
build changed, often the only links left to their data) are not deleted
while the build waits: they are moved into a trash folder beside the output
(``.output.trash-<pid>-<random>``, one rename each) that a thread deletes while
the build runs (``remove_later``). Freeing the data of thousands of files
(a new search index, a full rebuild) takes seconds on some disks.

The lock is an advisory ``flock`` on ``.output.lock``: the kernel drops it when
its holder dies, so a killed build never leaves a stale lock. The holder's pid
and start time are written into the file for the waiting build's message only.

An ``output`` that is a real folder (made before this scheme) is moved into
``.output.builds/`` in the same step that puts the symlink in its place (on
Linux, an atomic exchange of the two names; elsewhere two renames, with output/
missing for the instant between them). A symlink that points elsewhere (or
nowhere) is replaced; the folder it points to is left untouched.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from contentmodel.safety import not_plain_relative

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None

log = logging.getLogger(__name__)

SLOTS = ("a", "b")  # the names of the build folders
JOURNAL = "journal.json"  # in the builds folder: what the last build changed (see ``record``)
JOURNAL_VERSION = 1
POLL = 0.1  # seconds between two attempts to take a busy lock
_WINDOWS_LOCK_OFFSET = 1 << 20  # msvcrt locks bytes: lock one far from the holder's note


# ---------------------------------------------------------------------- names


def builds_dir(output: Path) -> Path:
    return output.with_name(f".{output.name}.builds")


def lock_file(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


def staging_dir(output: Path) -> Path:
    """The staging folder of the earlier scheme (a real output/ swapped by two renames)."""
    return output.with_name(f".{output.name}.staging")


def _legacy_previous(output: Path) -> Path:
    return output.with_name(f".{output.name}.previous")


def journal_file(output: Path) -> Path:
    return builds_dir(output) / JOURNAL


def _temp_link(output: Path) -> Path:
    return output.with_name(f".{output.name}.link-{os.getpid()}")


def trash_name(output: Path) -> Path:
    """A new name for a folder of files to delete (``remove_later``), beside ``output``: this process's
    id and a random part, so that no counter has to be kept between calls."""
    return output.with_name(f".{output.name}.trash-{os.getpid()}-{uuid.uuid4().hex}")


def record_target(output: Path) -> Path:
    """A stable real path naming the builds of ``output`` (for the build record).

    ``output`` itself is a symlink whose target changes with every build, so
    anything that resolves it would see a different folder each time."""
    return builds_dir(Path(os.path.abspath(output.parent)).resolve() / output.name)


def output_of(target: Path) -> Path:
    """The output folder whose builds ``record_target`` names ``target``."""
    name = target.name
    if not (name.startswith(".") and name.endswith(".builds")):
        raise ValueError(f"{target} does not name the builds of an output folder")
    return target.with_name(name[1 : -len(".builds")])


# ---------------------------------------------------------------------- the lock


class OutputBusy(Exception):
    """Another build of the same output folder held the lock for longer than we would wait."""


@dataclass(frozen=True)
class Holder:
    """Who holds an output folder's lock, as its lock file says."""

    pid: str = "unknown"
    started: str = "unknown time"
    task: str = "build"

    @classmethod
    def parse(cls, text: str) -> Holder:
        fields = dict(re.findall(r"(\w+)=(\S+)", text))
        pid = fields["pid"] if fields.get("pid", "").isdigit() else cls.pid
        try:
            started = time.strftime("%H:%M:%S", time.localtime(float(fields["time"])))
        except (KeyError, ValueError, OverflowError, OSError):
            started = cls.started
        return cls(pid=pid, started=started, task=fields.get("task", "build") or "build")


_held: dict[str, list] = {}  # lock file -> [owning thread, depth]: the lock is re-entrant per thread
_held_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True
    if msvcrt is not None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    return True  # no file locks on this platform: see ``locked``


def _unlock(fd: int) -> None:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        elif msvcrt is not None:
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)


def _read_note(fd: int) -> Holder:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return Holder.parse(os.read(fd, 200).decode("ascii", "replace"))
    except OSError:
        return Holder()


def _write_note(fd: int, task: str) -> None:
    note = (f"pid={os.getpid()} time={time.time():.0f} task={task}".ljust(63) + "\n").encode("ascii")
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note)  # same length every time: no truncation, no torn read
    except OSError:
        pass  # only information for a waiting build


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (``remove`` unlinks it while holding it)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def busy_message(output: Path, holder: Holder) -> str:
    return f"another {holder.task} of {output.name}/ is running (pid {holder.pid}, started at {holder.started})"


@contextlib.contextmanager
def locked(
    output: Path, wait: float | None = None, task: str = "build", notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of ``output`` (one build, check or publication of it at a time).

    ``wait``: seconds to wait for a busy lock (None: as long as it takes; 0: not
    at all); after that, raises ``OutputBusy``. While waiting, ``notify`` gets
    one line saying who holds it. Taking it again in the thread that holds it
    (a publication that builds, checks and publishes) just goes ahead."""
    path = Path(os.path.abspath(lock_file(output)))
    key, me = str(path), threading.get_ident()
    with _held_guard:
        entry = _held.get(key)
        if entry is not None and entry[0] == me:
            entry[1] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key][1] -= 1
                if not _held[key][1]:
                    del _held[key]
        return
    if fcntl is None and msvcrt is None and notify is not None:
        notify(f"this system has no file locks: nothing stops two builds of {output.name}/ at once")
    fd = _acquire(path, output, wait, task, notify)
    with _held_guard:
        _held[key] = [me, 1]
    try:
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        _unlock(fd)


def _acquire(path: Path, output: Path, wait: float | None, task: str, notify: Callable[[str], None] | None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = None if wait is None else time.monotonic() + wait
    announced = False
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        while True:
            if _try_lock(fd):
                if _same_file(fd, path):
                    _write_note(fd, task)
                    return fd
                _unlock(fd)  # removed by ``remove`` while we waited: take the new one
                fd = -1
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
                continue
            if deadline is not None and time.monotonic() >= deadline:
                raise OutputBusy(busy_message(output, _read_note(fd)))
            if not announced and notify is not None:
                notify(busy_message(output, _read_note(fd)) + "; waiting…")
            announced = True
            time.sleep(POLL)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise


# ---------------------------------------------------------------------- mirroring


def _remove(path: str, is_dir: bool) -> None:
    if is_dir:
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _link(source: os.DirEntry, target: str) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source.path), target)
    else:
        os.link(source.path, target)


def mirror(source: Path, target: Path, trash: Path | None = None, paths: Iterable[str] | None = None) -> None:
    """Make ``target`` an exact copy of ``source`` made of hard links, touching only what differs.

    With a ``trash`` folder (which must not exist, on the same disk), what ``target`` no longer
    needs is moved there instead of deleted; the caller deletes it (``remove_later``).

    With ``paths`` (relative to both folders), only those paths, their folders and what lies under
    them are compared: the caller knows that the two trees differ nowhere else (``_journaled``)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    if not target.exists():
        _link_tree(source, target)
        return
    drop = _remove
    if trash is not None:
        numbers = iter(range(1 << 62))

        def drop(path: str, is_dir: bool) -> None:
            n = next(numbers)
            if n == 0:
                os.mkdir(trash)
            os.rename(path, os.path.join(trash, str(n)))

    if paths is None:
        _mirror_dir(str(source), str(target), drop)
    else:
        _mirror_paths(str(source), str(target), paths, drop)


def _link_tree(source: Path, target: Path) -> None:
    """A new hard-linked copy of a whole tree (GNU cp does it in C, twice as fast)."""
    if sys.platform.startswith("linux") and shutil.which("cp"):
        done = subprocess.run(["cp", "-al", "--", f"{source}/.", str(target)], capture_output=True)
        if done.returncode == 0:
            return
        shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=os.link, symlinks=True)


def _mirror_dir(source: str, target: str, drop: Callable[[str, bool], None]) -> None:
    with os.scandir(source) as it:
        wanted = {entry.name: entry for entry in it}
    with os.scandir(target) as it:
        present = {entry.name: entry for entry in it}
    for name, entry in present.items():
        if name not in wanted:
            drop(entry.path, entry.is_dir(follow_symlinks=False))
    for name, entry in wanted.items():
        have = present.get(name)
        there = os.path.join(target, name)
        if entry.is_dir(follow_symlinks=False):
            if have is not None and have.is_dir(follow_symlinks=False):
                _mirror_dir(entry.path, there, drop)
                continue
            if have is not None:
                drop(there, False)
            shutil.copytree(entry.path, there, copy_function=os.link, symlinks=True)
        else:
            if have is not None and not have.is_dir(follow_symlinks=False) and have.inode() == entry.inode():
                continue  # the same file already
            if have is not None:
                drop(there, have.is_dir(follow_symlinks=False))
            _link(entry, there)


def _mirror_paths(source: str, target: str, paths: Iterable[str], drop: Callable[[str, bool], None]) -> None:
    """``_mirror_dir`` for the listed relative paths only: each is followed down from the top, one
    name at a time, and the first level where the two trees differ is made like the source, as the
    walk would make it (a folder new in the source is linked whole, one gone from it is dropped
    whole); a path that is a folder in both is walked. Symbolic links are never followed."""
    for rel in paths:
        src, dst = source, target
        for name in rel.split("/"):
            src, dst = os.path.join(src, name), os.path.join(dst, name)
            want, have = _lstat(src), _lstat(dst)
            have_dir = have is not None and stat.S_ISDIR(have.st_mode)
            if want is None:
                if have is not None:
                    drop(dst, have_dir)
                break
            if stat.S_ISDIR(want.st_mode):
                if have_dir:
                    continue
                if have is not None:
                    drop(dst, False)
                shutil.copytree(src, dst, copy_function=os.link, symlinks=True)
                break
            if have is not None and not have_dir and have.st_ino == want.st_ino:
                break  # the same file already
            if have is not None:
                drop(dst, have_dir)
            if stat.S_ISLNK(want.st_mode):
                os.symlink(os.readlink(src), dst)
            else:
                os.link(src, dst)
            break
        else:
            _mirror_dir(src, dst, drop)  # a folder in both: whatever is under it


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


# ---------------------------------------------------------------------- the journal
#
# The published build B was made from the other build folder A: mirrored from it, then written into.
# While nothing else writes into A, A is B as it was before that build, and the next build (whose
# staging folder is A) only has to catch up with what that build changed. The build records those
# paths in the journal (``record``, just before ``swap``); whatever writes into the published build
# afterwards adds its paths first (``note``: the preview's search index, a publication's .nojekyll)
# or drops the journal (``forget``). The next ``prepare`` then mirrors only those paths; without a
# journal, or with one that is damaged, not about these two folders, or about folders made again
# since, it walks both trees. A journal may list more than what changed (each listed path is made
# exactly like the source), never less: every writer into a staging folder is accounted for
# (``OutputWriter``: its own writes, the render workers' outputs, what it prunes and the search
# index; the publisher: the theme and the static files Pelican copies).


def _slot_id(folder: Path) -> list[int]:
    info = os.stat(folder, follow_symlinks=False)
    return [info.st_dev, info.st_ino]


def _paths(value: object) -> list[str] | None:
    if not isinstance(value, list) or any(not_plain_relative(rel) is not None for rel in value):
        return None
    return value


def _read_journal(output: Path) -> dict | None:
    """The journal of ``output``, checked field by field; None when missing, unreadable or damaged."""
    path = journal_file(output)
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != JOURNAL_VERSION:
        return None
    produced, source, slots = data.get("produced"), data.get("source"), data.get("slots")
    if not isinstance(produced, str) or not isinstance(source, str) or not isinstance(slots, dict):
        return None
    if produced not in SLOTS or source not in SLOTS or produced == source:
        return None
    for name in (produced, source):
        ids = slots.get(name)
        if not isinstance(ids, list) or len(ids) != 2 or not all(type(n) is int for n in ids):
            return None
    lists = {key: _paths(data.get(key)) for key in ("written", "removed", "folders")}
    if any(value is None for value in lists.values()):
        return None
    return {"version": JOURNAL_VERSION, "produced": produced, "source": source, "slots": slots, **lists}


def _write_journal(output: Path, data: dict) -> None:
    path = journal_file(output)
    tmp = path.with_name(f".{JOURNAL}.{os.getpid()}.tmp")  # a leftover is a stray of ``prepare``
    tmp.write_text(json.dumps(data, indent=0, sort_keys=True), "utf-8")
    os.replace(tmp, path)


def forget(output: Path) -> None:
    """Drop the journal: the next build walks both trees. Raises ``OSError`` when it cannot (then the
    caller must not write into a build folder either)."""
    discard(journal_file(output))  # whatever is there: a file, or a folder or link put in its place


def _journaled(output: Path, live: Path, staging: Path) -> list[str] | None:
    """The paths where ``staging`` may differ from ``live``, from the journal; None when it does not hold."""
    data = _read_journal(output)
    if data is None or data["produced"] != live.name or data["source"] != staging.name:
        return None
    try:
        if _slot_id(live) != data["slots"][live.name] or _slot_id(staging) != data["slots"][staging.name]:
            return None
    except OSError:
        return None
    return sorted({*data["written"], *data["removed"], *data["folders"]})


def record(
    output: Path,
    staging: Path,
    written: Iterable[str] = (),
    removed: Iterable[str] = (),
    folders: Iterable[str] = (),
) -> None:
    """Write the journal of the finished build in ``staging``: the paths it wrote or replaced, removed,
    and the folders it replaced or copied into (call it holding the lock, just before ``swap``).

    Only a build whose staging folder ``prepare`` mirrored from the published build folder gets one;
    paths that are not plain relative paths drop it. A journal that cannot be written is dropped."""
    live = published(output)
    try:
        if live is None or staging.parent != builds_dir(output) or staging.name not in SLOTS or staging == live:
            forget(output)
            return
        data = {
            "version": JOURNAL_VERSION,
            "produced": staging.name,
            "source": live.name,
            "slots": {staging.name: _slot_id(staging), live.name: _slot_id(live)},
            "written": sorted(set(written)),
            "removed": sorted(set(removed)),
            "folders": sorted(set(folders)),
        }
        if any(_paths(data[key]) is None for key in ("written", "removed", "folders")):
            forget(output)
            return
        _write_journal(output, data)
    except OSError:
        forget(output)


def note(output: Path, folder: Path, written: Iterable[str] = (), folders: Iterable[str] = ()) -> None:
    """Add to the journal what is about to be written into the published build ``folder`` after its
    build (call it holding the lock, before writing): a file, or a folder replaced as a whole. A journal
    about another folder, or none, is dropped; raises ``OSError`` when it cannot be dropped."""
    data = _read_journal(output)
    live = published(output)
    if data is None or live is None or data["produced"] != folder.name or live.name != folder.name:
        forget(output)
        return
    data["written"] = sorted({*data["written"], *written})
    data["folders"] = sorted({*data["folders"], *folders})
    if _paths(data["written"]) is None or _paths(data["folders"]) is None:
        forget(output)
        return
    try:
        _write_journal(output, data)
    except OSError:
        forget(output)


def remove_later(path: Path, output: Path) -> None:
    """Delete the folder ``path`` (beside ``output``) in a thread of its own, after renaming it out of the way
    (``trash_name``): the caller goes on at once. The process ends only when the thread has finished;
    what a killed process left is deleted by the next build's ``prepare``."""
    if not path.name.startswith(f".{output.name}.trash-"):
        trash = trash_name(output)
        try:
            os.rename(path, trash)
        except FileNotFoundError:
            return
        path = trash
    threading.Thread(target=shutil.rmtree, args=(path, True), name=f"delete {path.name}").start()


def detach(root: Path, folders: Iterable[str]) -> None:
    """Unlink the files under ``folders`` of the staging copy, so that writers that copy
    into existing files (Pelican's static and theme copies) cannot write through a
    hard link into the live output."""
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, _dirnames, filenames in os.walk(base):
            for name in filenames:
                os.unlink(os.path.join(dirpath, name))


# ---------------------------------------------------------------------- the build folders


def published(output: Path) -> Path | None:
    """The build folder ``output`` points to, or None when it is not one of ours."""
    if not output.is_symlink():
        return None
    link = os.readlink(output)
    builds = builds_dir(output)
    if os.path.dirname(link) != builds.name or os.path.basename(link) not in SLOTS:
        return None
    folder = builds / os.path.basename(link)
    return folder if folder.is_dir() and not folder.is_symlink() else None


def discard(path: Path) -> None:
    """Remove ``path``, whatever it is: a folder (not followed if a link), a file or a link."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


def _tidy(output: Path) -> None:
    """Remove what an interrupted build or the earlier scheme left beside ``output``; trash folders that
    another process left, in a thread (those of this process are being deleted already)."""
    prefix, trash, ours = f".{output.name}.link-", f".{output.name}.trash-", f".{output.name}.trash-{os.getpid()}-"
    with os.scandir(output.parent) as it:
        names = [entry.name for entry in it]
    for name in names:
        if name.startswith(prefix):
            discard(output.with_name(name))
        elif name.startswith(trash) and not name.startswith(ours):
            remove_later(output.with_name(name), output)
    discard(_legacy_previous(output))


def prepare(output: Path, fresh: Iterable[str] = ()) -> Path:
    """The staging folder for a build of ``output`` (call it holding the lock).

    It is the build folder that is not published, made a mirror of the
    published one; empty when nothing of ours is published yet (a real output/
    folder of the earlier scheme is mirrored too)."""
    builds = builds_dir(output)
    builds.mkdir(parents=True, exist_ok=True)
    _tidy(output)
    live = published(output)
    source = live
    if live is None and output.is_dir() and not output.is_symlink():
        source = output  # the earlier scheme's real folder
    legacy = staging_dir(output)
    name = next(slot for slot in SLOTS if live is None or slot != live.name)
    staging = builds / name
    if legacy.is_dir() and not legacy.is_symlink() and not staging.exists():
        os.rename(legacy, staging)  # the earlier scheme's mirror: a head start
    discard(legacy)
    paths = None
    if live is not None and staging.is_dir() and not staging.is_symlink():
        paths = _journaled(output, live, staging)
    forget(output)  # the staging folder changes from here: the journal no longer holds
    with os.scandir(builds) as it:
        strays = [Path(entry.path) for entry in it if entry.name not in SLOTS]
    for path in strays:
        discard(path)
    if source is not None:
        trash = trash_name(output)
        started = time.perf_counter()
        mirror(source, staging, trash, paths)
        log.info(
            "staging folder mirrored in %.2f s (%s)",
            time.perf_counter() - started,
            "by walking both trees" if paths is None else f"{len(paths)} paths of the last build's journal",
        )
        if trash.exists():
            remove_later(trash, output)
    else:
        discard(staging)
        staging.mkdir()
    detach(staging, fresh)
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the file system cannot exchange: fall back to two renames
    raise OSError(err, os.strerror(err), str(b))


def swap(staging: Path, output: Path) -> None:
    """Publish the finished build in ``staging``: point ``output`` at it in one step."""
    builds = builds_dir(output)
    link = _temp_link(output)
    discard(link)
    try:
        os.symlink(f"{builds.name}/{staging.name}", link, target_is_directory=True)
    except OSError:
        if sys.platform != "win32":
            raise
        _swap_by_renames(staging, output)  # Windows without the right to make symlinks
        return
    try:
        if output.is_dir() and not output.is_symlink():
            _replace_real_folder(link, output)
        else:
            os.replace(link, output)  # atomic: a reader sees the old build or the new one
    finally:
        discard(link)


def _replace_real_folder(link: Path, output: Path) -> None:
    """Put the symlink ``link`` in the place of the real folder ``output`` (the first build after upgrading)."""
    builds = builds_dir(output)
    spare = builds / next(slot for slot in SLOTS if os.path.basename(os.readlink(link)) != slot)
    discard(spare)
    if _exchange(link, output):
        os.rename(link, spare)  # the old folder: the next staging folder
        return
    os.rename(output, spare)  # output/ is missing from here ...
    try:
        os.replace(link, output)  # ... to here: two renames in a row
    except BaseException:
        os.rename(spare, output)
        raise


def _swap_by_renames(staging: Path, output: Path) -> None:
    builds = builds_dir(output)
    spare = builds / next(slot for slot in SLOTS if slot != staging.name)
    discard(spare)
    if output.exists():
        os.rename(output, spare)
    os.rename(staging, output)


def replace_folder(new: Path, target: Path, discard: Callable[[Path], None] = discard) -> None:
    """Put the finished folder ``new`` in the place of ``target`` (a folder of a build, such as its search
    index) in one step: a reader sees the old folder or the new one, never a mix. The old one is deleted,
    where the system can exchange two names by ``discard`` (called with ``new``, which then names the old
    folder: a caller may leave it there, to delete it later), else at once."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if _exchange(new, target):
        discard(new)  # now the old folder
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    discard(old)
    os.rename(target, old)  # target is missing from here ...
    try:
        os.rename(new, target)  # ... to here
    except BaseException:
        os.rename(old, target)
        raise
    discard(old)


def settle(output: Path) -> None:
    """After the very first build, make the next staging folder at once, so the next
    build (an editor's first preview after a change) only has to catch up.
    Only a head start: a failure here (a full disk) is left to the next build."""
    live = published(output)
    if live is None:
        return
    spare = builds_dir(output) / next(slot for slot in SLOTS if slot != live.name)
    if spare.exists():
        return
    try:
        mirror(live, spare)
    except OSError:
        shutil.rmtree(spare, ignore_errors=True)
        return
    with contextlib.suppress(OSError):  # the two are the same: the next build has nothing to catch up with
        _write_journal(
            output,
            {
                "version": JOURNAL_VERSION,
                "produced": live.name,
                "source": spare.name,
                "slots": {live.name: _slot_id(live), spare.name: _slot_id(spare)},
                "written": [],
                "removed": [],
                "folders": [],
            },
        )


def remove(output: Path) -> None:
    """Delete ``output`` (the symlink or a real folder), its build folders and its lock
    (call it holding the lock)."""
    builds = builds_dir(output)
    discard(output)
    _tidy(output)
    for path in (builds, staging_dir(output)):
        discard(path)
    with contextlib.suppress(OSError):
        lock_file(output).unlink()


# ---------------------------------------------------------------------- disk problems

_DISK = {
    errno.ENOSPC: "no space left on the disk holding {}",
    errno.EROFS: "the disk holding {} is read-only",
    errno.EACCES: "no permission to write {} or the folders beside it",
    errno.EPERM: "no permission to write {} or the folders beside it",
}
if hasattr(errno, "EDQUOT"):
    _DISK[errno.EDQUOT] = "the disk quota is used up on the disk holding {}"
_WORKER_ERROR = re.compile(r"^\w*Error: \[Errno (\d+)\] [^\n]*?(?:: '([^'\n]*)')?$", re.M)


def is_disk_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _DISK


def disk_problem(exc: BaseException, output: Path) -> str | None:
    """What an error says about the disk of ``output`` (no space, read-only, no
    permission, quota), in words; None for any other error. Looks through the
    chain of causes, and through the text of a failed render worker (which
    reports its error as a traceback)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _DISK:
            return _describe(exc.errno, exc.filename or exc.strerror or os.strerror(exc.errno), output)
        for match in _WORKER_ERROR.finditer(str(exc) if isinstance(exc, RuntimeError) else ""):
            if int(match.group(1)) in _DISK:
                return _describe(int(match.group(1)), match.group(2) or os.strerror(int(match.group(1))), output)
        exc = exc.__cause__ or exc.__context__
    return None


def _describe(code: int, detail, output: Path) -> str:
    return f"{_DISK[code].format(output.name + '/')} ({os.fsdecode(detail)})"
