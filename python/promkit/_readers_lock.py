"""promkit's readers' lock, taken as promkit's own readers take it.

A multiprocess directory that promkit folds (``promkit clean``, ``promkit
run``, ``promkit serve --fold``) holds two hidden files:

- ``.promkit-clean.lock``: a fold holds it exclusively (``flock``) from the
  moment it writes its journal's ``begin`` until it removes the journal, the
  only time it changes what a reader sees; a reader holds it shared while it
  lists and reads the ``*.db`` files, so it sees each fold whole or not at
  all. A reader never creates it: when it is absent no fold has begun, so
  the reader reads without it and checks afterwards that it is still absent
  (a fold creates it before any visible change), reading again under it if
  it appeared.
- ``.promkit-clean.journal``: a fold's journal. If it says ``begin`` while a
  reader holds the lock shared, the fold that wrote it crashed half way: the
  totals in the directory never existed until ``promkit clean`` rolls it
  back, so the read is refused.

This module only reads; it never creates, changes or deletes a file.
"""

import errno
import os
import stat
import time

try:
    import fcntl
except ImportError:  # not a POSIX system: no promkit fold can run here either
    fcntl = None

LOCK_FILE = '.promkit-clean.lock'
JOURNAL_FILE = '.promkit-clean.journal'

#: Seconds a read waits, at most, for a fold to let go of the lock: the same
#: default as promkit's own readers (``--lock-wait 2s``), well under
#: Prometheus' default scrape timeout of 10 seconds.
DEFAULT_LOCK_WAIT = 2.0


class FoldInProgress(RuntimeError):
    """The directory was not read: a ``promkit`` fold held its lock for the
    whole wait, or a fold that crashed half way left totals that never
    existed (``promkit clean`` on the directory rolls it back). A later try
    may succeed."""


class LockUnavailable(Exception):
    """The lock file exists but cannot be locked (unreadable, not a regular
    file, a file system without locks): the read goes ahead as
    prometheus_client's own collector would do it."""


class WaitBudget:
    """The seconds a read may still spend waiting, in all: for a fold to let
    go of the lock, and (see promkit.multiprocess) between tries."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.left = seconds

    def sleep(self, seconds):
        """Sleeps up to ``seconds`` out of what is left; False when nothing is."""
        if self.left <= 0:
            return False
        started = time.monotonic()
        time.sleep(min(seconds, self.left))
        self.left -= time.monotonic() - started
        return True


def read_locked(directory, read, wait=DEFAULT_LOCK_WAIT, on_unavailable=None):
    """Returns ``read(True)``, run while ``directory``'s readers' lock is held
    shared, so that it sees every promkit fold whole or not at all.

    ``wait`` is a :class:`WaitBudget` or seconds: the longest the caller
    waits for a fold to let go of the lock, after which it raises
    :class:`FoldInProgress`; so does a journal left by a crashed fold.
    Where the directory has no lock file, ``read(True)`` runs without one
    and, if a fold created the file meanwhile, the read (or its failure) is
    thrown away and it runs again under the lock. Where the lock file cannot
    be locked, ``read(False)`` runs without it, outside promkit's protocol
    (as prometheus_client reads), and ``on_unavailable(reason)`` is called
    first.
    """
    if fcntl is None:
        return read(False)
    budget = wait if isinstance(wait, WaitBudget) else WaitBudget(wait)
    path = os.path.join(directory, LOCK_FILE)
    while True:
        try:
            descriptor = _lock_shared(path, budget)
        except LockUnavailable as error:
            if on_unavailable is not None:
                on_unavailable(str(error))
            return read(False)
        try:
            _refuse_interrupted_fold(directory)
            try:
                result = read(True)
            except Exception:
                if descriptor is None and _exists(path):
                    continue  # a fold began during the read: what failed may be its doing
                raise
        finally:
            if descriptor is not None:
                os.close(descriptor)  # closing the only descriptor lets go of the flock
        if descriptor is not None or not _exists(path):
            return result


def _lock_shared(path, budget):
    """The descriptor of ``path`` locked shared, or None when there is no
    lock file. Never creates it, never follows a link, never blocks on a FIFO."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LockUnavailable(f'{path} is a symbolic link; lock files are never followed') from None
        raise LockUnavailable(f'{path}: cannot open lock file: {error.strerror}') from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise LockUnavailable(f'{path}: cannot open lock file: not a regular file')
        pause = 0.0005
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return descriptor
            except BlockingIOError:
                pass
            except OSError as error:
                raise LockUnavailable(f'{path}: cannot lock: {error.strerror}') from None
            if not budget.sleep(pause):
                raise FoldInProgress(
                    f'{path}: a promkit clean is folding files (waited {budget.seconds:g} s); try again later')
            pause = min(pause * 2, 0.01)
    except BaseException:
        os.close(descriptor)
        raise


def _exists(path):
    try:
        os.lstat(path)
        return True
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: assume a fold may have begun, and read again under the lock


def _refuse_interrupted_fold(directory):
    """Raises :class:`FoldInProgress` when the journal says ``begin``: held
    shared, the lock keeps every live fold out, so the fold that wrote it
    crashed. A journal that cannot be read or parsed is ignored, as promkit's
    readers ignore it."""
    path = os.path.join(directory, JOURNAL_FILE)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return
        chunks = []
        while True:
            chunk = os.read(descriptor, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        return
    finally:
        os.close(descriptor)
    if journal_state(b''.join(chunks)) == 'begin':
        raise FoldInProgress(
            f'{directory}: a promkit clean was interrupted in the middle of a fold, so the totals here are '
            'not whole; run promkit clean on the directory to roll it back')


def journal_state(data):
    """The state of a promkit clean journal (``'begin'`` or ``'commit'``), or
    None when ``data`` is not a whole journal: the same grammar as promkit's
    own parser, whose ``end`` line guards against a torn write."""
    lines = [line for line in data.decode('utf-8', 'replace').split('\n') if line]
    if len(lines) < 3 or lines[0] != 'promkit-clean-journal 2' or lines[-1] != 'end':
        return None
    if not lines[1].startswith('state ') or lines[1][6:] not in ('begin', 'commit'):
        return None
    for line in lines[2:-1]:
        fields = [field for field in line.split(' ') if field]
        if any('/' in field or field in ('.', '..') for field in fields[1:]):
            return None
        if not ((fields[:1] == ['stage'] and len(fields) == 3) or (fields[:1] == ['archive'] and len(fields) == 4)):
            return None
    return lines[1][6:]
