"""promkit's Python side: a multiprocess collector for prometheus_client that
takes the lock promkit's folds take, so an app's own ``/metrics`` stays exact
while ``promkit clean``, ``promkit run`` or ``promkit serve --fold`` fold dead
workers' files.

Change one import::

    from promkit import MultiProcessCollector   # was: from prometheus_client.multiprocess import ...

    registry = CollectorRegistry()
    MultiProcessCollector(registry)

The ``promkit`` command itself is the binary installed beside this package.
"""

from ._readers_lock import DEFAULT_LOCK_WAIT, FoldInProgress

__all__ = ['DEFAULT_LOCK_WAIT', 'FoldInProgress', 'MultiProcessCollector', '__version__']


def _version():
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # Python 3.7
        return None
    try:
        return version('promkit')
    except PackageNotFoundError:  # run from the source tree
        return None


__version__ = _version()


def __getattr__(name):
    # prometheus_client is imported on first use, so that `import promkit`
    # works in an environment that has only the command line tool.
    if name == 'MultiProcessCollector':
        from .multiprocess import MultiProcessCollector

        return MultiProcessCollector
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
