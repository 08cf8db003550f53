#!/usr/bin/env python3
"""promkit.MultiProcessCollector against the real prometheus_client of this
interpreter and the real promkit binary ($PROMKIT_BIN).

Usage: PROMKIT_BIN=.build/debug/promkit .venv/bin/python Tests/python/test_collector.py [-v]

Run by PythonPackageCLITests under the pinned prometheus_client and under
0.17.1. The collector is imported from python/ (the source the wheel packs).
"""
import fcntl
import glob
import inspect
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'python'))

from prometheus_client import CollectorRegistry, generate_latest, multiprocess  # noqa: E402
from prometheus_client.openmetrics import exposition as openmetrics  # noqa: E402

import promkit  # noqa: E402
from promkit import _readers_lock  # noqa: E402

PROMKIT = os.environ.get('PROMKIT_BIN', os.path.join(ROOT, '.build', 'debug', 'promkit'))
TOOLS = os.path.join(ROOT, 'Tests', 'tools')
SEEDS = [int(seed) for seed in os.environ.get('PROMKIT_COLLECTOR_SEEDS', '1,2,3,4,5,6,7,8').split(',')]
ESCAPINGS = ['allow-utf-8', 'underscores', 'dots', 'values']
HAS_ESCAPING = 'escaping' in inspect.signature(generate_latest).parameters
DAMAGED = ['huge_length', 'invalid_json', 'invalid_utf8', 'negative_length', 'short_header', 'truncated_entry',
           'used_inside_header', 'used_past_end', 'zero_bytes']


def render(collector_class, directory, **kwargs):
    """Every exposition of `directory` through a registry holding one
    `collector_class`: text and OpenMetrics, in each escaping the library has.
    An exception is returned as (type name, message), as a scrape would see it."""
    registry = CollectorRegistry()
    collector_class(registry, path=directory, **kwargs)
    outputs = {}
    try:
        outputs['text'] = generate_latest(registry)
        outputs['openmetrics'] = openmetrics.generate_latest(registry)
        if HAS_ESCAPING:
            for escaping in ESCAPINGS:
                outputs[f'text-{escaping}'] = generate_latest(registry, escaping=escaping)
                outputs[f'openmetrics-{escaping}'] = openmetrics.generate_latest(registry, escaping=escaping)
    except promkit.FoldInProgress:
        raise
    except Exception as error:  # the error is what is compared
        return (type(error).__name__, str(error))
    return outputs


def run_promkit(*arguments, hook=None):
    environment = dict(os.environ, NO_COLOR='1')
    if hook:
        environment['PROMKIT_TEST_CLEAN_HOOK'] = hook
    return subprocess.run([PROMKIT, *arguments], capture_output=True, text=True, env=environment, timeout=120)


def dead_directory(files=6, kinds='counter,histogram,summary,gauge_sum,gauge_livesum,gauge_all'):
    """Files of `files` processes that are gone (pids 5,000,000 and up, above
    any pid_max), each written by a forked child through this interpreter's
    prometheus_client (v1 layout under 0.17.1), an hour old."""
    directory = tempfile.mkdtemp(prefix='promkit-collector-')
    kinds = kinds.split(',')
    for index in range(files):
        child = os.fork()
        if child == 0:
            status = 1
            try:
                write_as(5_000_000 + index, directory, kinds[index % len(kinds)], 1 + index % 7)
                status = 0
            finally:
                os._exit(status)
        _, status = os.waitpid(child, 0)
        assert status == 0, f'writer {index} failed'
    when = time.time() - 3600
    for name in os.listdir(directory):
        os.utime(os.path.join(directory, name), (when, when))
    return directory


def write_as(pid, directory, kind, amount):
    from prometheus_client import Counter, Gauge, Histogram, Summary, values

    os.environ['PROMETHEUS_MULTIPROC_DIR'] = directory
    values.ValueClass = values.MultiProcessValue(lambda: pid)
    if kind == 'counter':
        Counter('jobs', 'Jobs done.', ['route'], registry=None).labels('/a').inc(amount)
    elif kind == 'histogram':
        Histogram('latency_seconds', 'Latency.', ['route'], registry=None).labels('/a').observe(0.01 * amount)
    elif kind == 'summary':
        Summary('size_bytes', 'Sizes.', ['route'], registry=None).labels('/a').observe(amount)
    else:
        mode = kind[len('gauge_'):]
        Gauge(f'g_{mode}', f'Gauge {mode}.', ['route'], registry=None, multiprocess_mode=mode).labels('/a').set(amount)


class Gate:
    """A real `promkit clean` paused at a step by PROMKIT_TEST_CLEAN_HOOK,
    holding what it holds there, until `release()`."""

    def __init__(self, directory, step):
        self.file = directory + '.gate'
        self.process = subprocess.Popen(
            [PROMKIT, 'clean', directory], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=dict(os.environ, NO_COLOR='1', PROMKIT_TEST_CLEAN_HOOK=f'pause:{step}:{self.file}'))
        deadline = time.monotonic() + 30
        while not os.path.exists(self.file + '.reached'):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f'promkit clean never reached {step}: {self.process.communicate()}')
            time.sleep(0.01)

    def release(self):
        open(self.file, 'w').close()
        out, err = self.process.communicate(timeout=60)
        for path in (self.file, self.file + '.reached'):
            os.unlink(path)
        return self.process.returncode, err.decode()


class OutputTests(unittest.TestCase):
    """Byte for byte prometheus_client's output, or its very exception."""

    def assertSameAsPrometheusClient(self, directory, context):
        expected = render(multiprocess.MultiProcessCollector, directory)
        actual = render(promkit.MultiProcessCollector, directory)
        self.assertEqual(actual, expected, context)
        return expected

    def test_random_directories(self):
        work = tempfile.mkdtemp(prefix='promkit-random-')
        self.addCleanup(shutil.rmtree, work)
        for seed in SEEDS:
            out = os.path.join(work, str(seed))
            subprocess.run(
                [sys.executable, os.path.join(TOOLS, 'random_multiproc.py'), '--seed', str(seed), '--out', out],
                check=True, stdout=subprocess.DEVNULL)
            directory = os.path.join(out, 'db')
            before = self.assertSameAsPrometheusClient(directory, f'seed {seed}, never folded')
            self.assertIsInstance(before, dict, f'seed {seed}: {before}')
            # The files random_multiproc.py rendered itself, byte for byte.
            with open(os.path.join(out, 'expected', 'text.txt'), 'rb') as handle:
                self.assertEqual(before['text'], handle.read())
            # After a real fold: archives, the lock file and no journal.
            result = run_promkit('clean', directory, '--assume-dead-after', '0s')
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertTrue(os.path.exists(os.path.join(directory, '.promkit-clean.lock')), f'seed {seed}')
            self.assertSameAsPrometheusClient(directory, f'seed {seed}, after promkit clean')

    def test_readme_recipe_as_written(self):
        # README.md's `<!-- recipe: collector -->`, run as an ASGI app would be.
        import asyncio
        with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
            readme = handle.read()
        block = readme.split('<!-- recipe: collector -->', 1)[1].split('```python\n', 1)[1].split('```', 1)[0]
        directory = dead_directory()
        self.addCleanup(shutil.rmtree, directory)
        self.assertEqual(run_promkit('clean', directory).returncode, 0)  # the lock file exists
        saved = os.environ.get('PROMETHEUS_MULTIPROC_DIR')
        os.environ['PROMETHEUS_MULTIPROC_DIR'] = directory
        try:
            namespace = {}
            exec(compile(block, 'README.md (recipe: collector)', 'exec'), namespace)
            messages = []

            async def receive():
                return {'type': 'http.request', 'body': b'', 'more_body': False}

            async def send(message):
                messages.append(message)

            scope = {'type': 'http', 'method': 'GET', 'path': '/', 'query_string': b'', 'headers': []}
            asyncio.run(namespace['make_metrics_app']()(scope, receive, send))
        finally:
            if saved is None:
                del os.environ['PROMETHEUS_MULTIPROC_DIR']
            else:
                os.environ['PROMETHEUS_MULTIPROC_DIR'] = saved
        self.assertEqual(messages[0]['status'], 200)
        body = b''.join(message.get('body', b'') for message in messages if message['type'] == 'http.response.body')
        self.assertEqual(body, render(multiprocess.MultiProcessCollector, directory)['text'])

    def test_fixtures_and_their_failures(self):
        # The v1 fixture fails under 0.26.0 ("Read beyond file size detected"):
        # the same exception with the same message.
        for name in ['sample', 'v2-0.26.0/db', 'v1-0.17.1/db'] + [f'damaged/{kind}' for kind in DAMAGED]:
            directory = os.path.join(ROOT, 'Tests', 'Fixtures', name)
            if os.path.isdir(directory):
                self.assertSameAsPrometheusClient(directory, name)

    def test_lock_file_that_cannot_be_locked(self):
        # A link, a folder or a FIFO under the lock file's name: promkit's own
        # readers refuse; this collector reads as prometheus_client does, and
        # says why once.
        for kind in ('link', 'folder', 'fifo'):
            directory = dead_directory()
            self.addCleanup(shutil.rmtree, directory)
            lock = os.path.join(directory, '.promkit-clean.lock')
            if kind == 'link':
                os.symlink(os.path.join(directory, 'elsewhere'), lock)
            elif kind == 'folder':
                os.mkdir(lock)
            else:
                os.mkfifo(lock)
            with self.assertLogs('promkit', logging.WARNING) as logs:
                self.assertSameAsPrometheusClient(directory, kind)
            self.assertEqual(len(logs.records), 1, logs.output)
            self.assertIn('reading without the lock', logs.output[0])

    @unittest.skipIf(os.geteuid() == 0, 'root reads every file')
    def test_unreadable_lock_file(self):
        directory = dead_directory()
        self.addCleanup(shutil.rmtree, directory)
        lock = os.path.join(directory, '.promkit-clean.lock')
        open(lock, 'w').close()
        os.chmod(lock, 0)
        with self.assertLogs('promkit', logging.WARNING):
            self.assertSameAsPrometheusClient(directory, 'unreadable lock file')

    def test_directory_from_the_environment(self):
        directory = dead_directory()
        self.addCleanup(shutil.rmtree, directory)
        saved = os.environ.get('PROMETHEUS_MULTIPROC_DIR')
        os.environ['PROMETHEUS_MULTIPROC_DIR'] = directory
        try:
            ours, theirs = CollectorRegistry(), CollectorRegistry()
            promkit.MultiProcessCollector(ours)
            multiprocess.MultiProcessCollector(theirs)
            self.assertEqual(generate_latest(ours), generate_latest(theirs))
            self.assertIsInstance(promkit.MultiProcessCollector(None), multiprocess.MultiProcessCollector)
        finally:
            if saved is None:
                del os.environ['PROMETHEUS_MULTIPROC_DIR']
            else:
                os.environ['PROMETHEUS_MULTIPROC_DIR'] = saved
        with self.assertRaises(ValueError):
            promkit.MultiProcessCollector(None, path=os.path.join(directory, 'missing'))


class LockTests(unittest.TestCase):
    """The lock protocol, against real folds."""

    def test_waits_for_a_fold_then_reads_it_whole(self):
        directory = dead_directory(files=8, kinds='counter,histogram,summary,gauge_sum')
        self.addCleanup(shutil.rmtree, directory)
        before = render(multiprocess.MultiProcessCollector, directory)['text']
        gate = Gate(directory, 'stage')  # the readers' lock is held exclusively here
        try:
            started = time.monotonic()
            with self.assertRaises(promkit.FoldInProgress) as refused:
                render(promkit.MultiProcessCollector, directory, lock_wait=0.3)['text']
            waited = time.monotonic() - started
            self.assertIn('a promkit clean is folding files', str(refused.exception))
            # The bound holds: 0.3 s, plus a poll interval and the scheduler.
            self.assertGreaterEqual(waited, 0.3)
            self.assertLess(waited, 0.6)

            results = []
            reader = threading.Thread(
                target=lambda: results.append(render(promkit.MultiProcessCollector, directory, lock_wait=20)))
            reader.start()
            time.sleep(0.3)
            self.assertEqual(results, [], 'the reader waits for the fold')
        finally:
            status, stderr = gate.release()
        reader.join(30)
        self.assertEqual(status, 0, stderr)
        after = results[0]['text']
        self.assertEqual(sorted(after.splitlines()), sorted(before.splitlines()), 'a fold keeps every total')
        self.assertEqual(after, render(multiprocess.MultiProcessCollector, directory)['text'])
        self.assertEqual(len(glob.glob(os.path.join(directory, '*.db'))), 4, 'one archive per type and mode')

    def test_fold_interrupted_by_a_crash_is_refused_until_rolled_back(self):
        directory = dead_directory(files=2, kinds='counter')
        self.addCleanup(shutil.rmtree, directory)
        before = render(multiprocess.MultiProcessCollector, directory)
        # locked 1, planned 2, write 3, lock readers 4, journal begin 5, stage 6, stage 7.
        killed = run_promkit('clean', directory, hook='kill:7')
        self.assertNotEqual(killed.returncode, 0)
        with self.assertRaises(promkit.FoldInProgress) as refused:
            render(promkit.MultiProcessCollector, directory)['text']
        self.assertIn('interrupted in the middle of a fold', str(refused.exception))
        self.assertEqual(run_promkit('render', directory).returncode, 2, 'promkit render refuses too')
        rerun = run_promkit('clean', directory)
        self.assertEqual(rerun.returncode, 0, rerun.stderr)
        self.assertIn('rolled back', rerun.stderr)
        self.assertEqual(render(promkit.MultiProcessCollector, directory), before)

    def test_lock_file_made_during_an_unlocked_read_means_a_second_read_under_it(self):
        directory = dead_directory()
        self.addCleanup(shutil.rmtree, directory)
        lock = os.path.join(directory, '.promkit-clean.lock')
        held = []

        def read(protocol):
            self.assertTrue(protocol)
            if not os.path.exists(lock):
                open(lock, 'w').close()  # as a fold does before it changes anything
                held.append(False)
            else:
                with open(lock) as other:
                    try:
                        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        held.append(False)
                    except BlockingIOError:
                        held.append(True)
            return len(held)

        self.assertEqual(_readers_lock.read_locked(directory, read, wait=1), 2)
        self.assertEqual(held, [False, True], 'read once without the lock, then once holding it shared')

    def test_file_a_worker_is_creating_is_read_once_sized(self):
        # A worker opens its file (0 bytes) and sizes it a moment later;
        # prometheus_client fails a scrape that falls in between.
        for lock_file in (False, True):
            directory = dead_directory(files=3, kinds='counter')
            self.addCleanup(shutil.rmtree, directory)
            if lock_file:
                self.assertEqual(run_promkit('clean', directory).returncode, 0)
            path = os.path.join(directory, 'counter_4999999.db')
            open(path, 'wb').close()
            failed = render(multiprocess.MultiProcessCollector, directory)
            self.assertEqual(failed[0], 'error', failed)

            def size():
                time.sleep(0.05)
                with open(path, 'r+b') as handle:  # as MmapedDict does: 64 KiB, used = 8
                    handle.truncate(65536)
                    handle.write((8).to_bytes(4, sys.byteorder))

            sizer = threading.Thread(target=size)
            sizer.start()
            started = time.monotonic()
            ours = render(promkit.MultiProcessCollector, directory)
            sizer.join()
            self.assertLess(time.monotonic() - started, 1.0)
            self.assertEqual(ours, render(multiprocess.MultiProcessCollector, directory), f'lock file {lock_file}')

    def test_file_that_stays_empty_fails_as_in_prometheus_client(self):
        directory = dead_directory(files=3, kinds='counter')
        self.addCleanup(shutil.rmtree, directory)
        path = os.path.join(directory, 'counter_4999999.db')
        open(path, 'wb').close()
        os.utime(path, (time.time() - 5, time.time() - 5))  # a worker killed as it began
        started = time.monotonic()
        ours = render(promkit.MultiProcessCollector, directory)
        self.assertLess(time.monotonic() - started, 0.5, 'no waiting for a file that stays empty')
        self.assertEqual(ours, render(multiprocess.MultiProcessCollector, directory))
        self.assertEqual(ours[0], 'error')

    def test_journals(self):
        directory = dead_directory(files=1, kinds='counter')
        self.addCleanup(shutil.rmtree, directory)
        journal = os.path.join(directory, '.promkit-clean.journal')
        expected = render(multiprocess.MultiProcessCollector, directory)
        cases = {
            'promkit-clean-journal 2\nstate begin\nend\n': 'refused',
            'promkit-clean-journal 2\nstate begin\nstage counter_1.db .counter_1.db.promkit-fold\nend\n': 'refused',
            'promkit-clean-journal 2\nstate commit\nend\n': 'read',
            'promkit-clean-journal 2\nstate begin\nstage counter_1.db\n': 'read',  # torn: no end line
            'promkit-clean-journal 2\nstate begin\nstage a ../b\nend\n': 'read',  # not promkit's
            'promkit-clean-journal 1\nstate begin\nend\n': 'read',
        }
        for text, outcome in cases.items():
            with open(journal, 'w') as handle:
                handle.write(text)
            promkit_render = run_promkit('render', directory)
            self.assertEqual(promkit_render.returncode, 2 if outcome == 'refused' else 0, text)
            if outcome == 'refused':
                with self.assertRaises(promkit.FoldInProgress, msg=text):
                    render(promkit.MultiProcessCollector, directory)
            else:
                self.assertEqual(render(promkit.MultiProcessCollector, directory), expected, text)


if __name__ == '__main__':
    unittest.main()
