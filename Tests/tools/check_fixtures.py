#!/usr/bin/env python3
"""Check the committed fixtures in Tests/Fixtures.

Usage: python check_fixtures.py [--fixtures DIR]

Run it under prometheus_client 0.26.0 (make_fixtures.sh does) and, for the
v1 fixture's re-rendering, under 0.17.1 as well; it checks what the running
version can check:

* every .db file is walked by hand: `used` (first 4 bytes) must lie in the
  file, entries must use the layout of their fixture (v2: value and
  timestamp, 16 bytes; v1: one double, 8 bytes), the walk must land exactly
  on `used`, every key must be a 4-element JSON list, and every byte after
  `used` must be zero;
* the v1 fixture must contain a single-entry file (the layout trap), and no
  multi-entry v1 file may also walk as v2;
* each fixture with an expected/ folder is rendered again with the running
  library (when it reads that layout) and compared with the expected files,
  per family and ignoring line order (the order of families and samples
  follows the directory listing, which a git checkout does not preserve);
* 0.26.0 must fail to render the v1 fixture (multi-entry v1 files) and must
  fail or misreport each damaged file as described in expected.json.
"""

import argparse
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'Fixtures')

failures = []


def fail(msg: str) -> None:
    failures.append(msg)
    print('FAIL', msg)


def walk(data: bytes, stride: int):
    """Entries (key, values) of a file, or raise ValueError."""
    if len(data) < 8:
        raise ValueError('shorter than the header')
    used = struct.unpack_from('<i', data, 0)[0]
    if not 8 <= used <= len(data):
        raise ValueError(f'used={used} outside 8..{len(data)}')
    pos, out = 8, []
    while pos < used:
        length = struct.unpack_from('<i', data, pos)[0]
        end = pos + 4 + length + (8 - (length + 4) % 8) + stride
        if length < 0 or end > used:
            raise ValueError(f'entry at {pos} ends at {end}, past used={used}')
        key = json.loads(data[pos + 4:pos + 4 + length].decode('utf-8'))
        if not (isinstance(key, list) and len(key) == 4 and isinstance(key[2], dict)):
            raise ValueError(f'entry at {pos}: key is not [name, sample, labels, help]')
        values = struct.unpack_from('<%dd' % (stride // 8), data, end - stride)
        out.append((key, values))
        pos = end
    if pos != used:
        raise ValueError(f'walk ends at {pos}, used={used}')
    if any(data[used:]):
        raise ValueError('non-zero bytes after used')
    return out


def canonical(data: bytes):
    """Families (HELP/TYPE header, sorted sample lines), sorted."""
    blocks = []
    for line in data.split(b'\n')[:-1]:
        if line.startswith(b'# HELP ') or not blocks or line == b'# EOF':
            blocks.append([line, []])
        elif line.startswith((b'# TYPE ', b'# UNIT ')):
            blocks[-1][0] += b'\n' + line
        else:
            blocks[-1][1].append(line)
    return sorted((h, tuple(sorted(s))) for h, s in blocks)


def render(db: str):
    from prometheus_client import CollectorRegistry, exposition
    from prometheus_client.multiprocess import MultiProcessCollector
    from prometheus_client.openmetrics import exposition as om
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=db)
    out = {'text.txt': lambda: exposition.generate_latest(registry),
           'openmetrics.txt': lambda: om.generate_latest(registry)}
    for esc in ('allow-utf-8', 'dots', 'values', 'underscores'):
        out[f'text-{esc}.txt'] = (lambda e: lambda: exposition.generate_latest(registry, escaping=e))(esc)
        out[f'openmetrics-{esc}.txt'] = (lambda e: lambda: om.generate_latest(registry, escaping=e))(esc)
    return out


def compare(db: str, expected: str, name: str) -> None:
    renderers = render(db)
    n = 0
    for f in sorted(os.listdir(expected)):
        if not f.endswith('.txt'):
            continue
        with open(os.path.join(expected, f), 'rb') as fh:
            want = fh.read()
        got = renderers[f]()
        if canonical(got) != canonical(want):
            fail(f'{name}: {f} differs from a fresh rendering')
        n += 1
    print(f'ok   {name}: {n} expected files match a fresh rendering (ignoring order)')


def check_layout(db: str, stride: int, name: str):
    counts = {}
    for f in sorted(os.listdir(db)):
        with open(os.path.join(db, f), 'rb') as fh:
            data = fh.read()
        try:
            counts[f] = len(walk(data, stride))
        except ValueError as e:
            fail(f'{name}/{f}: {e}')
    print(f'ok   {name}: {len(counts)} files walk with the {stride}-byte value stride, '
          f'{sum(counts.values())} entries')
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--fixtures', default=FIXTURES)
    args = parser.parse_args()
    fx = os.path.abspath(args.fixtures)

    from importlib.metadata import version
    v = version('prometheus_client')
    modern = tuple(int(p) for p in v.split('.')[:2]) >= (0, 18)
    print(f'prometheus_client {v}')

    # v2 fixtures.
    for name, db, expected in (
            ('v2-0.26.0', 'v2-0.26.0/db', 'v2-0.26.0/expected'),
            ('sample', 'sample', 'sample-expected')):
        check_layout(os.path.join(fx, db), 16, name)
        for f in sorted(os.listdir(os.path.join(fx, db))):
            with open(os.path.join(fx, db, f), 'rb') as fh:
                data = fh.read()
            try:
                walk(data, 8)
                fail(f'{name}/{f}: also walks as v1')
            except (ValueError, UnicodeDecodeError, struct.error):
                pass
        print(f'ok   {name}: no file walks exactly with the v1 stride')
        if modern:
            compare(os.path.join(fx, db), os.path.join(fx, expected), name)

    # v1 fixture.
    db = os.path.join(fx, 'v1-0.17.1', 'db')
    counts = check_layout(db, 8, 'v1-0.17.1')
    singles = [f for f, n in counts.items() if n == 1]
    if not singles:
        fail('v1-0.17.1: no single-entry file')
    else:
        print(f'ok   v1-0.17.1: single-entry files: {", ".join(singles)}')
    for f, n in counts.items():
        with open(os.path.join(db, f), 'rb') as fh:
            data = fh.read()
        try:
            walk(data, 16)
            fail(f'v1-0.17.1/{f}: also walks as v2')
        except ValueError:
            pass
    print('ok   v1-0.17.1: no file walks exactly with the v2 stride')
    if modern:
        try:
            render(db)['text.txt']()
            fail('v1-0.17.1: 0.26.0 rendered the v1 fixture without error')
        except Exception as e:
            print(f'ok   v1-0.17.1: {v} fails on it as expected: {type(e).__name__}: {e}')
    else:
        compare(db, os.path.join(fx, 'v1-0.17.1', 'expected'), 'v1-0.17.1')

    # Damaged files.
    if modern:
        with open(os.path.join(fx, 'damaged', 'expected.json')) as fh:
            damaged = json.load(fh)
        for folder, e in sorted(damaged.items()):
            path = os.path.join(fx, 'damaged', folder, e['file'])
            if os.path.getsize(path) != e['size']:
                fail(f'damaged/{folder}: size {os.path.getsize(path)} != {e["size"]}')
            with open(path, 'rb') as fh:
                data = fh.read()
            try:
                walk(data, 16)
                fail(f'damaged/{folder}: walks as a healthy v2 file')
            except (ValueError, UnicodeDecodeError, struct.error):
                pass
            try:
                render(os.path.dirname(path))['text.txt']()
                said = 'no error'
            except Exception:
                said = 'error'
            if (said == 'no error') != (e['python_0_26_0'] == 'no error'):
                fail(f'damaged/{folder}: Python now says {said}')
        print(f'ok   damaged: {len(damaged)} files rejected by the walk; Python behaves as recorded')

    if failures:
        sys.exit(f'{len(failures)} check(s) failed')
    print('all fixture checks passed')


if __name__ == '__main__':
    main()
