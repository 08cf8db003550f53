"""prometheus_client's multiprocess collector, reading under promkit's lock."""

import glob
import logging
import os
import struct
import time

from prometheus_client import multiprocess as _prometheus_multiprocess

from ._readers_lock import DEFAULT_LOCK_WAIT, WaitBudget, read_locked

_log = logging.getLogger('promkit')

#: A ``*.db`` file this young and empty is one a worker is creating: it
#: opens it (0 bytes) and sizes it a moment later.
_NEW_FILE_SECONDS = 1.0


class MultiProcessCollector(_prometheus_multiprocess.MultiProcessCollector):
    """A drop-in replacement for
    ``prometheus_client.multiprocess.MultiProcessCollector(registry, path=None)``
    that holds the directory's readers' lock shared while it lists and reads
    the ``*.db`` files: the lock that ``promkit clean``, ``promkit run`` and
    ``promkit serve --fold`` hold exclusively while they fold dead workers'
    files into archives. A scrape sees each fold whole or not at all, so it
    never fails on a file that was folded away, never counts a file twice
    and never goes down.

    What it collects is prometheus_client's own: the listing and the merge
    are prometheus_client's code, run unchanged inside the lock, so the
    output is byte for byte what prometheus_client's collector gives.

    It also reads again (after a millisecond or so, then longer) when a read
    failed while workers were creating files (a ``*.db`` file empty, or
    created or sized, less than a second ago): prometheus_client's own race
    with starting workers, which fails a scrape now and then under worker
    churn, fold or no fold. A file that stays empty fails the scrape, as in
    prometheus_client; so does other damage, at once when no file is being
    created and otherwise once ``lock_wait`` is spent.

    ``lock_wait`` (seconds, default 2) bounds how long :meth:`collect` waits,
    in all, beyond the time its reads take: for a fold to let go of the lock
    (a fold holds it for tens of milliseconds; ``promkit clean --json``
    reports how long) and between reads of a file being created. After
    that, or when a fold that crashed half way left totals that never
    existed, :meth:`collect` raises :class:`promkit.FoldInProgress` and the
    scrape fails rather than answer a wrong total. A directory that promkit
    never folded has no lock file: it is read without one, and read again
    under it should a fold create it meanwhile. Where the lock file cannot be locked (unreadable, not a
    regular file, a file system without ``flock``), it reads exactly as
    prometheus_client does, and logs why once on the ``promkit`` logger.
    """

    def __init__(self, registry, path=None, lock_wait=DEFAULT_LOCK_WAIT):
        self._lock_wait = float(lock_wait)
        self._warned = False
        super().__init__(registry, path)

    def collect(self):
        budget = WaitBudget(self._lock_wait)
        return read_locked(
            self._path, lambda protocol: self._read(protocol, budget), wait=budget,
            on_unavailable=self._unavailable)

    def _read(self, protocol, budget):
        pause = 0.001
        guessed = False
        while True:
            try:
                return super().collect()
            except struct.error:
                # Only for a file being created now; anything else fails as
                # prometheus_client fails, and so does everything where the
                # lock file cannot be locked.
                if not protocol:
                    raise
                empty, young = self._new_files()
                if any(age >= _NEW_FILE_SECONDS for age in empty):
                    raise  # a file that stays empty (a worker killed as it began)
                if not empty and not young:
                    # No file is being created: damage of another kind, or a
                    # file sized just after it failed. One more read tells.
                    if guessed:
                        raise
                    guessed = True
                # Else workers are creating files (under churn one after
                # another): read again while the budget lasts.
                if not budget.sleep(pause):
                    raise
                pause = min(pause * 2, 0.05)

    def _new_files(self):
        """Seconds since each empty ``*.db`` file was last changed, and whether
        any ``*.db`` file was created or sized within the last second."""
        now = time.time()
        ages = []
        young = False
        for path in glob.glob(os.path.join(self._path, '*.db')):
            try:
                status = os.stat(path)
            except OSError:
                continue
            if status.st_size == 0:
                ages.append(now - status.st_mtime)
            if now - status.st_ctime < _NEW_FILE_SECONDS:
                young = True
        return ages, young

    def _unavailable(self, reason):
        if not self._warned:
            self._warned = True
            _log.warning('%s; reading without the lock, as prometheus_client does', reason)
