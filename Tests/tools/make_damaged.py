#!/usr/bin/env python3
"""Write hand-damaged .db files derived from a real prometheus_client file.

Usage: python make_damaged.py --out DIR

Must run under prometheus_client 0.18.0 or later (v2 layout; the fixtures
are made with 0.26.0).  The script writes one healthy counter file with
three entries through the real library, then copies it with one kind of
damage each into DIR/<kind>/counter_<n>.db, and writes

    DIR/expected.json   {"<kind>": {"kind", "offset", "byte_offset", ...}}
    DIR/README.md       the same, for people, with what Python 0.26.0 says

`offset` is where a reader walking the file fails: 0 when the 8-byte header
is the problem, otherwise the offset of the damaged entry's int32 length
field.  `byte_offset` is the first damaged (or missing) byte itself.
"""

import argparse
import json
import os
import struct
import sys
import tempfile


def entries(data: bytes):
    """Offsets of the entries of a healthy v2 file, checking it on the way."""
    used = struct.unpack_from('<i', data, 0)[0]
    pos, out = 8, []
    while pos < used:
        length = struct.unpack_from('<i', data, pos)[0]
        key = data[pos + 4:pos + 4 + length]
        json.loads(key.decode('utf-8'))
        out.append({'offset': pos, 'key_offset': pos + 4, 'key_length': length})
        pos += 4 + length + (8 - (length + 4) % 8) + 16
    if pos != used:
        sys.exit('the healthy file is not in the v2 layout: run with prometheus_client >= 0.18')
    return used, out


def healthy_file() -> bytes:
    tmp = tempfile.mkdtemp()
    os.environ['PROMETHEUS_MULTIPROC_DIR'] = tmp   # before the import
    from prometheus_client import CollectorRegistry, Counter
    requests = Counter('requests', 'Requests handled.', ['path'],
                       registry=CollectorRegistry())
    requests.labels('/a').inc()
    requests.labels('/b').inc(2)
    requests.labels('/ünï').inc(3)
    path = os.path.join(tmp, f'counter_{os.getpid()}.db')
    with open(path, 'rb') as f:
        data = f.read()
    os.remove(path)
    os.rmdir(tmp)
    return data


def python_says(path: str) -> str:
    """What prometheus_client's collector does with the damaged directory."""
    from prometheus_client import CollectorRegistry
    from prometheus_client.exposition import generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=os.path.dirname(path))
    try:
        generate_latest(registry)
    except Exception as e:  # what a scrape would fail with
        kind = type(e).__qualname__
        if type(e).__module__ not in ('builtins', 'json.decoder'):
            kind = f'{type(e).__module__}.{kind}'      # struct.error
        return f'{kind}: {e}'
    return 'no error'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    good = healthy_file()
    size = len(good)
    used, ents = entries(good)
    first, second, last = ents[0], ents[1], ents[-1]

    def with_int(data: bytes, pos: int, value: int) -> bytes:
        return data[:pos] + struct.pack('<i', value) + data[pos + 4:]

    def with_byte(data: bytes, pos: int, value: bytes) -> bytes:
        return data[:pos] + value + data[pos + 1:]

    # Key of the second entry: ["requests", "requests_total", {"path": "/b"}, ...]
    key2 = good[second['key_offset']:second['key_offset'] + second['key_length']]
    bad_utf8_at = second['key_offset'] + key2.index(b'"/b"') + 2        # the 'b'
    bad_json_at = second['key_offset'] + second['key_length'] - 1       # the final ']'
    cut = last['offset'] + 9        # inside the last entry's key
    truncated = with_int(good[:cut] + bytes(size - cut), 0, cut)

    cases = [
        # folder, file, data, offset, byte_offset, description
        ('zero_bytes', 'counter_1.db', b'', 0, 0,
         'Empty file (a worker killed between creating and sizing it).'),
        ('short_header', 'counter_2.db', good[:5], 0, 5,
         'Only the first 5 bytes of the 8-byte header; bytes 5-7 are missing.'),
        ('used_past_end', 'counter_3.db', with_int(good, 0, size + 8), 0, 0,
         f'`used` (offset 0) is {size + 8}, 8 bytes past the end of the {size}-byte file.'),
        ('used_inside_header', 'counter_4.db', with_int(good, 0, 4), 0, 0,
         '`used` (offset 0) is 4, smaller than the 8-byte header.'),
        ('negative_length', 'counter_5.db', with_int(good, second['offset'], -1),
         second['offset'], second['offset'],
         f'The second entry\'s key length (offset {second["offset"]}) is -1.'),
        ('huge_length', 'counter_6.db', with_int(good, second['offset'], 0x7FFFFFF0),
         second['offset'], second['offset'],
         f'The second entry\'s key length (offset {second["offset"]}) is 2147483632.'),
        ('truncated_entry', 'counter_7.db', truncated, last['offset'], cut,
         f'`used` is {cut}: it ends 9 bytes into the last entry, which starts at '
         f'{last["offset"]} and would need {last["key_length"]} key bytes; '
         f'everything from {cut} on is zero.'),
        ('invalid_utf8', 'counter_8.db', with_byte(good, bad_utf8_at, b'\xff'),
         second['offset'], bad_utf8_at,
         f'Byte {bad_utf8_at}, inside the second entry\'s key, is 0xFF (not UTF-8).'),
        ('invalid_json', 'counter_9.db', with_byte(good, bad_json_at, b'}'),
         second['offset'], bad_json_at,
         f'The second entry\'s key ends with `}}` instead of `]` (byte {bad_json_at}); '
         'valid UTF-8, invalid JSON.'),
    ]

    out = os.path.abspath(args.out)
    expected = {}
    for folder, name, data, offset, byte_offset, text in cases:
        d = os.path.join(out, folder)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.remove(os.path.join(d, old))
        path = os.path.join(d, name)
        with open(path, 'wb') as f:
            f.write(data)
        expected[folder] = {
            'kind': folder, 'file': name, 'offset': offset,
            'byte_offset': byte_offset, 'size': len(data),
            'description': text, 'python_0_26_0': python_says(path),
        }

    with open(os.path.join(out, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write('\n')

    layout = ', '.join(f'entry {i + 1} at {e["offset"]} (key {e["key_length"]} bytes)'
                       for i, e in enumerate(ents))
    lines = [
        '# Damaged multiprocess files',
        '',
        'Generated by `Tests/tools/make_damaged.py` (rerun `Tests/tools/make_fixtures.sh`);',
        'do not edit by hand.  Each folder holds one file, a copy of a healthy',
        f'prometheus_client 0.26.0 counter file ({size} bytes, `used` = {used},',
        f'{len(ents)} entries in the v2 layout: {layout}) with one kind of damage.',
        '',
        '`expected.json` maps each folder to `kind`, `offset` (where a reader walking',
        'the file fails: 0 for the header, otherwise the offset of the damaged',
        'entry\'s int32 length field) and `byte_offset` (the first damaged or missing',
        'byte).  All offsets are in bytes from the start of the file.',
        '',
        '| folder | file | offset | byte_offset | damage | prometheus_client 0.26.0 |',
        '|---|---|---|---|---|---|',
    ]
    for folder, e in expected.items():
        lines.append(f'| `{folder}` | `{e["file"]}` | {e["offset"]} | {e["byte_offset"]} '
                     f'| {e["description"]} | `{e["python_0_26_0"]}` |')
    with open(os.path.join(out, 'README.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
