#!/usr/bin/env python3
"""Builds promkit's platform wheel: dist/promkit-VERSION-py3-none-PLATFORM.whl.

Usage: build_wheel.py --binary PATH [--out DIR] [--manylinux X_Y] [--local]
                      [--project-url 'LABEL, URL']...

The wheel holds, as maturin lays out a wheel for a binary:

  promkit-VERSION.data/scripts/promkit     the binary, stripped (pip installs it as bin/promkit)
  promkit-VERSION.data/data/share/...      the man page and the bash, zsh and fish completions,
                                           installed under the environment's prefix where
                                           `make install` puts them under PREFIX
  promkit/                                 the pure-Python collector (python/promkit/)
  promkit-VERSION.dist-info/               METADATA (README.md as the long description),
                                           WHEEL, licenses/LICENSE, RECORD

The version is PromKitVersion.current (Sources/PromKit/PromKitVersion.swift),
and the binary must print the same for --version. The platform tag is
manylinux_X_Y_ARCH, where X.Y is the newest glibc symbol version the binary
needs (readelf --version-info), raised where its libstdc++, libgcc_s or zlib
symbol versions are newer than that manylinux policy allows (auditwheel's
policy table). A library outside the policy's list (a Swift runtime linked
shared, as in a debug build) is refused. --manylinux claims a newer glibc
than needed; a claim below what the binary needs is refused. --local builds
a wheel for this machine only (tag linux_ARCH, any shared library): for
tests with a debug binary, never for publishing.

Standard library only; needs binutils (strip, readelf).
"""

import argparse
import base64
import hashlib
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = 'promkit'

# The shared libraries a manylinux wheel may need (PEP 600 defers to
# auditwheel's policy; the list of manylinux_2_17 and later), and the
# dynamic loaders, which belong to glibc.
ALLOWED_LIBRARIES = {
    'libatomic.so.1', 'libgcc_s.so.1', 'libstdc++.so.6', 'libm.so.6', 'libanl.so.1', 'libdl.so.2', 'librt.so.1',
    'libc.so.6', 'libnsl.so.1', 'libutil.so.1', 'libpthread.so.0', 'libX11.so.6', 'libXext.so.6',
    'libXrender.so.1', 'libICE.so.6', 'libSM.so.6', 'libGL.so.1', 'libgobject-2.0.so.0', 'libgthread-2.0.so.0',
    'libglib-2.0.so.0', 'libresolv.so.2', 'libexpat.so.1', 'libz.so.1',
    'ld-linux-x86-64.so.2', 'ld-linux-aarch64.so.1',
}

# glibc symbols that no manylinux policy allows (auditwheel's blacklist).
FORBIDDEN_SYMBOLS = {
    '__cxa_thread_atexit_impl', '__issignaling', '__issignalingf', '__issignalingl',
    'pthread_getattr_default_np', 'pthread_setattr_default_np',
}

# For each architecture, the oldest manylinux policy (glibc X_Y) that allows
# a symbol version of libstdc++ (GLIBCXX, CXXABI), libgcc_s (GCC), zlib (ZLIB)
# or libatomic (LIBATOMIC). From auditwheel's src/auditwheel/policy/
# manylinux-policy.json (pypa/auditwheel 86154d1, 2026-08-17).
POLICY_FIRST_ALLOWING = {
    'x86_64': {
        (2, 5): 'CXXABI_1.3 CXXABI_1.3.1 GCC_3.0 GCC_3.3 GCC_3.3.1 GCC_3.4 GCC_3.4.2 GCC_3.4.4 GCC_4.0.0 GCC_4.2.0 '
        'GLIBCXX_3.4 GLIBCXX_3.4.1 GLIBCXX_3.4.2 GLIBCXX_3.4.3 GLIBCXX_3.4.4 GLIBCXX_3.4.5 GLIBCXX_3.4.6 '
        'GLIBCXX_3.4.7 GLIBCXX_3.4.8',
        (2, 12): 'CXXABI_1.3.2 CXXABI_1.3.3 GCC_4.3.0 GLIBCXX_3.4.9 GLIBCXX_3.4.10 GLIBCXX_3.4.11 GLIBCXX_3.4.12 '
        'GLIBCXX_3.4.13 ZLIB_1.2.0 ZLIB_1.2.0.2 ZLIB_1.2.0.8 ZLIB_1.2.2 ZLIB_1.2.2.3 ZLIB_1.2.2.4',
        (2, 17): 'CXXABI_1.3.4 CXXABI_1.3.5 CXXABI_1.3.6 CXXABI_1.3.7 CXXABI_TM_1 GCC_4.7.0 GCC_4.8.0 '
        'GLIBCXX_3.4.14 GLIBCXX_3.4.15 GLIBCXX_3.4.16 GLIBCXX_3.4.17 GLIBCXX_3.4.18 GLIBCXX_3.4.19 ZLIB_1.2.3.3 '
        'ZLIB_1.2.3.4 ZLIB_1.2.3.5 ZLIB_1.2.5.1 ZLIB_1.2.5.2',
        (2, 24): 'CXXABI_1.3.8 CXXABI_1.3.9 CXXABI_1.3.10 CXXABI_FLOAT128 GLIBCXX_3.4.20 GLIBCXX_3.4.21 '
        'GLIBCXX_3.4.22 LIBATOMIC_1.0 LIBATOMIC_1.1 LIBATOMIC_1.2',
        (2, 27): 'CXXABI_1.3.11 GCC_7.0.0 GLIBCXX_3.4.23 GLIBCXX_3.4.24 ZLIB_1.2.7.1 ZLIB_1.2.9',
        (2, 31): 'CXXABI_1.3.12 GLIBCXX_3.4.25 GLIBCXX_3.4.26 GLIBCXX_3.4.27 GLIBCXX_3.4.28',
        (2, 34): 'CXXABI_1.3.13 GLIBCXX_3.4.29',
        (2, 35): 'GCC_12.0.0 GLIBCXX_3.4.30',
        (2, 37): 'ZLIB_1.2.12',
        (2, 39): 'CXXABI_1.3.14 CXXABI_1.3.15 GCC_13.0.0 GCC_14.0.0 GLIBCXX_3.4.31 GLIBCXX_3.4.32 GLIBCXX_3.4.33',
    },
    'aarch64': {
        (2, 17): 'CXXABI_1.3 CXXABI_1.3.1 CXXABI_1.3.2 CXXABI_1.3.3 CXXABI_1.3.4 CXXABI_1.3.5 CXXABI_1.3.6 '
        'CXXABI_1.3.7 CXXABI_TM_1 GCC_3.0 GCC_3.3 GCC_3.3.1 GCC_3.4 GCC_3.4.2 GCC_3.4.4 GCC_4.0.0 GCC_4.2.0 '
        'GCC_4.3.0 GCC_4.5.0 GCC_4.7.0 GLIBCXX_3.4 GLIBCXX_3.4.1 GLIBCXX_3.4.2 GLIBCXX_3.4.3 GLIBCXX_3.4.4 '
        'GLIBCXX_3.4.5 GLIBCXX_3.4.6 GLIBCXX_3.4.7 GLIBCXX_3.4.8 GLIBCXX_3.4.9 GLIBCXX_3.4.10 GLIBCXX_3.4.11 '
        'GLIBCXX_3.4.12 GLIBCXX_3.4.13 GLIBCXX_3.4.14 GLIBCXX_3.4.15 GLIBCXX_3.4.16 GLIBCXX_3.4.17 '
        'GLIBCXX_3.4.18 GLIBCXX_3.4.19 LIBATOMIC_1.0 ZLIB_1.2.0 ZLIB_1.2.0.2 ZLIB_1.2.0.8 ZLIB_1.2.2 '
        'ZLIB_1.2.2.3 ZLIB_1.2.2.4 ZLIB_1.2.3.3 ZLIB_1.2.3.4 ZLIB_1.2.3.5 ZLIB_1.2.5.1 ZLIB_1.2.5.2',
        (2, 24): 'CXXABI_1.3.8 CXXABI_1.3.9 CXXABI_1.3.10 GLIBCXX_3.4.20 GLIBCXX_3.4.21 GLIBCXX_3.4.22 '
        'LIBATOMIC_1.1 LIBATOMIC_1.2',
        (2, 26): 'CXXABI_1.3.11 GCC_7.0.0 GLIBCXX_3.4.23 GLIBCXX_3.4.24',
        (2, 27): 'ZLIB_1.2.7.1 ZLIB_1.2.9',
        (2, 31): 'CXXABI_1.3.12 GLIBCXX_3.4.25 GLIBCXX_3.4.26 GLIBCXX_3.4.27 GLIBCXX_3.4.28',
        (2, 34): 'CXXABI_1.3.13 GCC_11.0 GLIBCXX_3.4.29',
        (2, 35): 'GLIBCXX_3.4.30',
        (2, 37): 'ZLIB_1.2.12',
        (2, 39): 'CXXABI_1.3.14 CXXABI_1.3.15 GCC_13.0.0 GCC_14.0 GCC_14.0.0 GLIBCXX_3.4.31 GLIBCXX_3.4.32 '
        'GLIBCXX_3.4.33',
    },
}

ELF_MACHINES = {62: 'x86_64', 183: 'aarch64'}

# Where the wheel's data files go under the installing environment's prefix:
# the same places as `make install`.
SHARED_FILES = [
    ('man/promkit.1', 'share/man/man1/promkit.1'),
    ('completions/promkit.bash', 'share/bash-completion/completions/promkit'),
    ('completions/_promkit', 'share/zsh/site-functions/_promkit'),
    ('completions/promkit.fish', 'share/fish/vendor_completions.d/promkit.fish'),
]

# Each one a trove classifier that PyPI accepts (pypa/trove-classifiers).
CLASSIFIERS = [
    'Environment :: Console',
    'Intended Audience :: Developers',
    'Intended Audience :: System Administrators',
    'Operating System :: POSIX :: Linux',
    'Programming Language :: Python :: 3',
    'Topic :: System :: Monitoring',
    'Topic :: System :: Systems Administration',
]


class Refused(Exception):
    """The wheel would not be true to the binary: nothing is written."""


def read_text(relative):
    with open(os.path.join(ROOT, relative), encoding='utf-8') as handle:
        return handle.read()


def promkit_version():
    """PromKitVersion.current, the one place promkit's version is written."""
    source = read_text('Sources/PromKit/PromKitVersion.swift')
    match = re.search(r'static let current\s*=\s*"([^"\\]+)"', source)
    if not match:
        raise Refused('Sources/PromKit/PromKitVersion.swift: no `static let current = "..."`')
    version = match.group(1)
    # A public PEP 440 version, as a wheel's file name needs.
    if not re.fullmatch(r'\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?', version):
        raise Refused(f'PromKitVersion.current {version!r} is not a PEP 440 version')
    return version


def summary():
    """The root command's abstract, as `promkit --help` shows it."""
    match = re.search(r'abstract:\s*"([^"\\]+)"', read_text('Sources/promkit/Promkit.swift'))
    if not match:
        raise Refused('Sources/promkit/Promkit.swift: no abstract for the summary')
    return match.group(1)


def elf_architecture(path):
    with open(path, 'rb') as handle:
        header = handle.read(20)
    if header[:4] != b'\x7fELF' or header[4] != 2 or header[5] != 1:
        raise Refused(f'{path}: not a 64-bit little-endian ELF executable')
    machine = int.from_bytes(header[18:20], 'little')
    if machine not in ELF_MACHINES:
        raise Refused(f'{path}: ELF machine {machine} has no manylinux tag here')
    return ELF_MACHINES[machine]


def run(arguments):
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        raise Refused(f'{" ".join(arguments)} failed ({result.returncode}): {result.stderr.strip()}')
    return result.stdout


def needed_libraries(binary):
    """DT_NEEDED entries (readelf --dynamic)."""
    return re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', run(['readelf', '--dynamic', '-W', binary]))


def version_needs(binary):
    """(library, symbol version) pairs of .gnu.version_r (readelf --version-info)."""
    needs = []
    library = None
    section = False
    for line in run(['readelf', '--version-info', '-W', binary]).splitlines():
        if line.startswith('Version needs section'):
            section = True
        elif line.startswith('Version ') and 'section' in line:
            section = False
        if not section:
            continue
        match = re.search(r'File: (\S+)', line)
        if match:
            library = match.group(1)
        match = re.search(r'Name: (\S+)', line)
        if match and library:
            needs.append((library, match.group(1)))
    return needs


def undefined_symbols(binary):
    """(name, version) of the undefined dynamic symbols (readelf --dyn-syms)."""
    symbols = []
    for line in run(['readelf', '--dyn-syms', '-W', binary]).splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[6] == 'UND' and fields[7]:
            name, _, version = fields[7].partition('@')
            symbols.append((name, version.lstrip('@').split(' ')[0]))
    return symbols


def glibc_version(name):
    match = re.fullmatch(r'GLIBC_(\d+)\.(\d+)(?:\.\d+)?', name)
    return (int(match.group(1)), int(match.group(2))) if match else None


def required_policy(binary, architecture, local):
    """The oldest manylinux_X_Y that the binary's needs fit, and why, as
    ((X, Y), reason). Raises Refused when no policy fits."""
    libraries = needed_libraries(binary)
    outside = sorted(set(libraries) - ALLOWED_LIBRARIES)
    if outside and not local:
        raise Refused(
            'the binary needs shared libraries that no manylinux policy allows: ' + ', '.join(outside)
            + ' (build with `make release`, which links the Swift runtime in)')
    floor = (2, 5) if architecture == 'x86_64' else (2, 17)
    reasons = [f'nothing newer than the oldest policy for {architecture}']
    first_allowing = {
        version: policy
        for policy, names in POLICY_FIRST_ALLOWING[architecture].items()
        for version in names.split()
    }
    for library, name in version_needs(binary):
        if name.startswith('GLIBC_'):
            policy = glibc_version(name)
            if policy is None:
                if local:
                    continue
                raise Refused(f'the binary needs {name} of {library}, which no manylinux policy allows')
        elif library in ALLOWED_LIBRARIES:
            policy = first_allowing.get(name)
            if policy is None:
                if local:
                    continue
                raise Refused(f'the binary needs {name} of {library}, which no manylinux policy allows')
        else:
            continue  # --local: a library of this machine's own
        if policy > floor:
            floor, reasons = policy, []
        if policy == floor:
            reasons.append(f'{name} of {library}')
    forbidden = sorted({name for name, _ in undefined_symbols(binary)} & FORBIDDEN_SYMBOLS)
    if forbidden and not local:
        raise Refused('the binary uses glibc symbols that no manylinux policy allows: ' + ', '.join(forbidden))
    return floor, ', '.join(reasons)


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode('ascii')
    return f'sha256={digest}'


def metadata(version, project_urls):
    lines = [
        'Metadata-Version: 2.4',
        f'Name: {NAME}',
        f'Version: {version}',
        f'Summary: {summary()}',
        'Keywords: prometheus,prometheus_client,multiprocess,gunicorn,uvicorn,metrics',
        'Author: the promkit authors',
        'License-Expression: Apache-2.0',
        'License-File: LICENSE',
    ]
    lines += [f'Classifier: {classifier}' for classifier in CLASSIFIERS]
    lines += [f'Project-URL: {url}' for url in project_urls]
    lines += [
        'Requires-Python: >=3.8',
        'Provides-Extra: collector',
        'Requires-Dist: prometheus-client>=0.17.1; extra == "collector"',
        'Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM',
    ]
    return '\n'.join(lines) + '\n\n' + read_text('README.md')


def build(arguments):
    version = promkit_version()
    binary = arguments.binary
    if not os.path.isfile(binary):
        raise Refused(f'{binary}: no such file (run `make release` first)')
    architecture = elf_architecture(binary)
    printed = run([binary, '--version']).strip()
    if printed != version:
        raise Refused(
            f'{binary} --version prints {printed!r} but PromKitVersion.current is {version!r}: rebuild the binary')

    with tempfile.TemporaryDirectory() as scratch:
        stripped = os.path.join(scratch, NAME)
        run(['strip', '--strip-all', '-o', stripped, binary])
        needed, reason = required_policy(stripped, architecture, arguments.local)
        if arguments.local:
            platform = f'linux_{architecture}'
        else:
            claimed = needed
            if arguments.manylinux:
                match = re.fullmatch(r'(\d+)_(\d+)', arguments.manylinux)
                if not match:
                    raise Refused(f'--manylinux {arguments.manylinux!r}: expected X_Y, as in 2_35')
                claimed = (int(match.group(1)), int(match.group(2)))
                if claimed < needed:
                    raise Refused(
                        f'--manylinux {arguments.manylinux} claims less than the binary needs: '
                        f'glibc {needed[0]}.{needed[1]} ({reason})')
            platform = f'manylinux_{claimed[0]}_{claimed[1]}_{architecture}'
        with open(stripped, 'rb') as handle:
            binary_bytes = handle.read()

    tag = f'py3-none-{platform}'
    dist_info = f'{NAME}-{version}.dist-info'
    data = f'{NAME}-{version}.data'
    entries = []  # (archive name, bytes, executable)
    package = os.path.join(ROOT, 'python', NAME)
    for name in sorted(os.listdir(package)):
        if name.endswith('.py') or name == 'py.typed':
            with open(os.path.join(package, name), 'rb') as handle:
                entries.append((f'{NAME}/{name}', handle.read(), False))
    entries.append((f'{data}/scripts/{NAME}', binary_bytes, True))
    for source, target in SHARED_FILES:
        with open(os.path.join(ROOT, source), 'rb') as handle:
            entries.append((f'{data}/data/{target}', handle.read(), False))
    with open(os.path.join(ROOT, 'LICENSE'), 'rb') as handle:
        entries.append((f'{dist_info}/licenses/LICENSE', handle.read(), False))
    entries.append((f'{dist_info}/METADATA', metadata(version, arguments.project_url).encode('utf-8'), False))
    wheel = f'Wheel-Version: 1.0\nGenerator: promkit python/build_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n'
    entries.append((f'{dist_info}/WHEEL', wheel.encode('ascii'), False))
    record = io.StringIO()
    for name, content, _ in entries:
        record.write(f'{name},{record_hash(content)},{len(content)}\n')
    record.write(f'{dist_info}/RECORD,,\n')
    entries.append((f'{dist_info}/RECORD', record.getvalue().encode('utf-8'), False))

    os.makedirs(arguments.out, exist_ok=True)
    path = os.path.join(arguments.out, f'{NAME}-{version}-{tag}.whl')
    # Reproducible: the same inputs give the same bytes.
    epoch = int(os.environ.get('SOURCE_DATE_EPOCH', '315532800'))
    date_time = time.gmtime(max(epoch, 315532800))[:6]
    partial = path + '.partial'
    with zipfile.ZipFile(partial, 'w', compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content, executable in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
            archive.writestr(info, content)
    os.replace(partial, path)
    return path, platform, reason, len(binary_bytes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--binary', required=True, help='the promkit binary (make release: .build/release/promkit)')
    parser.add_argument('--out', default=os.path.join(ROOT, 'dist'), help='folder for the wheel (default dist/)')
    parser.add_argument('--manylinux', help='claim manylinux_X_Y (X_Y) rather than what the binary needs')
    parser.add_argument('--local', action='store_true', help='linux_ARCH tag, any shared library: tests only')
    parser.add_argument(
        '--project-url', action='append', default=[], metavar="'LABEL, URL'", help='a Project-URL line')
    arguments = parser.parse_args()
    for tool in ('strip', 'readelf'):
        if shutil.which(tool) is None:
            sys.exit(f'build_wheel.py: {tool} not found (Debian: apt-get install binutils)')
    try:
        path, platform, reason, size = build(arguments)
    except Refused as error:
        sys.exit(f'build_wheel.py: refusing to build the wheel: {error}')
    print(path)
    print(f'{platform}: the binary ({size / 1e6:.1f} MB stripped) needs at most {reason}', file=sys.stderr)


if __name__ == '__main__':
    main()
