#!/usr/bin/env python3
"""Builds promkit's wheel from a binary, installs it with pip into a fresh
venv, and checks what was installed, as a user would get it.

Usage: wheel_check.py --binary PATH [--local]

--local builds the wheel for this machine only (tag linux_ARCH), for a debug
binary that needs the toolchain's Swift runtime; without it the binary must
be a release one (`make release`) and the tag is manylinux. Run by
PythonPackageCLITests with the venv's Python (prometheus_client from there
is lent to the fresh venv to try the installed collector). Prints one line
per check; exit status 1 when any failed.
"""
import argparse
import base64
import csv
import email.parser
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, 'python', 'build_wheel.py')
SHARED = {
    'share/man/man1/promkit.1': 'man/promkit.1',
    'share/bash-completion/completions/promkit': 'completions/promkit.bash',
    'share/zsh/site-functions/_promkit': 'completions/_promkit',
    'share/fish/vendor_completions.d/promkit.fish': 'completions/promkit.fish',
}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, what, detail=''):
        if condition:
            self.passed += 1
            print(f'ok: {what}')
        else:
            self.failed += 1
            print(f'FAILED: {what}' + (f': {detail}' if detail else ''))
        return condition


def run(arguments, **kwargs):
    return subprocess.run(arguments, capture_output=True, text=True, **kwargs)


def read(relative):
    with open(os.path.join(ROOT, relative), 'rb') as handle:
        return handle.read()


def family_blocks(text):
    """The lines of each family, sorted: outputs whose order follows the listing compare equal."""
    blocks, current = {}, ''
    for line in text.splitlines():
        if line.startswith('# HELP '):
            current = line.split(' ')[2]
        blocks.setdefault(current, []).append(line)
    return {name: sorted(lines) for name, lines in blocks.items()}


def max_glibc_objdump(binary):
    """The newest GLIBC_X.Y the binary's dynamic symbols name (objdump -T),
    found independently of build_wheel.py's readelf."""
    versions = [(int(major), int(minor)) for major, minor in
                re.findall(r'\bGLIBC_(\d+)\.(\d+)', run(['objdump', '-T', binary]).stdout)]
    return max(versions)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--binary', required=True)
    parser.add_argument('--local', action='store_true')
    args = parser.parse_args()
    checks = Checks()
    check = checks.check
    source = re.search(r'static let current\s*=\s*"([^"]+)"', read('Sources/PromKit/PromKitVersion.swift').decode())
    version = source.group(1)
    work = tempfile.mkdtemp(prefix='promkit-wheel-')
    try:
        started = time.monotonic()
        build = run([sys.executable, BUILD, '--binary', args.binary, '--out', work] + (['--local'] if args.local else []))
        built_seconds = time.monotonic() - started
        if not check(build.returncode == 0, 'build_wheel.py builds the wheel', build.stderr):
            return 1
        wheel = build.stdout.strip()
        name = os.path.basename(wheel)
        match = re.fullmatch(rf'promkit-{re.escape(version)}-py3-none-(\w+)\.whl', name)
        check(match is not None, f'the file name carries PromKitVersion.current {version}', name)
        platform = match.group(1) if match else ''
        architecture = {'x86_64': 'x86_64', 'aarch64': 'aarch64'}.get(os.uname().machine, os.uname().machine)
        print(f'wheel: {name}, {os.path.getsize(wheel) / 1e6:.1f} MB, built in {built_seconds:.1f} s; '
              f'{build.stderr.strip()}')

        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            data = f'promkit-{version}.data'
            info = f'promkit-{version}.dist-info'
            expected = {f'{data}/scripts/promkit', f'{info}/METADATA', f'{info}/WHEEL', f'{info}/RECORD',
                        f'{info}/licenses/LICENSE', 'promkit/__init__.py', 'promkit/multiprocess.py',
                        'promkit/_readers_lock.py', 'promkit/py.typed'} | {f'{data}/data/{path}' for path in SHARED}
            check(set(names) == expected, 'the wheel holds the binary, man page, completions, package, metadata',
                  sorted(set(names) ^ expected))
            record = list(csv.reader(io.StringIO(archive.read(f'{info}/RECORD').decode())))
            good = all(
                row[0] == f'{info}/RECORD' or row[1] == 'sha256=' + base64.urlsafe_b64encode(
                    hashlib.sha256(archive.read(row[0])).digest()).rstrip(b'=').decode()
                and int(row[2]) == len(archive.read(row[0]))
                for row in record)
            check(good and {row[0] for row in record} == set(names), 'RECORD lists every file with its hash and size')
            mode = archive.getinfo(f'{data}/scripts/promkit').external_attr >> 16
            check(mode & 0o111 == 0o111, 'the binary is executable in the archive', oct(mode))
            wheel_file = email.parser.Parser().parsestr(archive.read(f'{info}/WHEEL').decode())
            check(wheel_file['Tag'] == f'py3-none-{platform}' and wheel_file['Root-Is-Purelib'] == 'false',
                  'WHEEL: the tag of the file name, not purelib', str(wheel_file.items()))
            metadata = email.parser.Parser().parsestr(archive.read(f'{info}/METADATA').decode())
            check(metadata['Name'] == 'promkit' and metadata['Version'] == version, 'METADATA: name and version')
            check(metadata['License-Expression'] == 'Apache-2.0' and metadata['License-File'] == 'LICENSE',
                  'METADATA: Apache-2.0 licence, its file inside')
            check('prometheus_client' in (metadata['Summary'] or ''), 'METADATA: a summary',
                  metadata['Summary'])
            check(metadata['Description-Content-Type'].startswith('text/markdown')
                  and metadata.get_payload() == read('README.md').decode(), 'METADATA: README.md as the description')
            check(metadata['Requires-Dist'] == 'prometheus-client>=0.17.1; extra == "collector"',
                  'METADATA: prometheus_client only for the collector extra', metadata['Requires-Dist'])
            binary = os.path.join(work, 'promkit-from-wheel')
            with open(binary, 'wb') as handle:
                handle.write(archive.read(f'{data}/scripts/promkit'))
            os.chmod(binary, 0o755)

        sections = run(['readelf', '--section-headers', '-W', binary]).stdout
        check('.symtab' not in sections, 'the binary is stripped')
        needed = re.findall(r'\[(lib[^\]]+)\]', run(['readelf', '--dynamic', '-W', binary]).stdout)
        glibc = max_glibc_objdump(binary)
        if args.local:
            check(platform == f'linux_{architecture}', f'--local: tag linux_{architecture}', platform)
        else:
            check(not any(library.startswith(('libswift', 'libFoundation', 'libdispatch')) for library in needed),
                  'the Swift runtime is linked in', needed)
            tag = re.fullmatch(rf'manylinux_(\d+)_(\d+)_{architecture}', platform)
            claimed = (int(tag.group(1)), int(tag.group(2))) if tag else (0, 0)
            check(claimed >= glibc, f'the tag {platform} claims no less than GLIBC_{glibc[0]}.{glibc[1]}, '
                  'the newest glibc version the binary needs (objdump -T)')
            check(claimed == glibc or f'GLIBC_{glibc[0]}.{glibc[1]}' not in build.stderr,
                  'the tag is the glibc version needed unless a C++ runtime symbol raised it', build.stderr)
            low = f'{claimed[0]}_{claimed[1] - 1}'
            before = sorted(os.listdir(work))
            refused = run([sys.executable, BUILD, '--binary', args.binary, '--out', work, '--manylinux', low])
            check(refused.returncode != 0 and 'claims less than the binary needs' in refused.stderr
                  and sorted(os.listdir(work)) == before, f'--manylinux {low} is refused, nothing written',
                  refused.stderr)
            debug = os.path.join(ROOT, '.build', 'debug', 'promkit')
            if os.path.exists(debug):
                shared = run([sys.executable, BUILD, '--binary', debug, '--out', work])
                check(shared.returncode != 0 and 'no manylinux policy allows' in shared.stderr,
                      'a binary that needs the shared Swift runtime is refused', shared.stderr)

        venv = os.path.join(work, 'venv')
        started = time.monotonic()
        made = run([sys.executable, '-m', 'venv', venv])
        check(made.returncode == 0, 'a fresh venv', made.stderr)
        installed = run([os.path.join(venv, 'bin', 'python'), '-m', 'pip', 'install', '--no-index',
                         '--disable-pip-version-check', wheel])
        print(f'install: {time.monotonic() - started:.1f} s for venv and pip install')
        if not check(installed.returncode == 0, 'pip installs the wheel', installed.stdout + installed.stderr):
            return 1
        promkit = os.path.join(venv, 'bin', 'promkit')
        check(os.path.isfile(promkit) and not os.path.islink(promkit) and os.access(promkit, os.X_OK),
              'bin/promkit is an executable file')
        printed = run([promkit, '--version'], env={'PATH': '/usr/bin:/bin'})
        check(printed.returncode == 0 and printed.stdout.strip() == version, f'promkit --version prints {version}',
              printed.stdout + printed.stderr)
        sample = os.path.join(ROOT, 'Tests', 'Fixtures', 'sample')
        rendered = run([promkit, 'render', sample], env={'PATH': '/usr/bin:/bin', 'NO_COLOR': '1'})
        reference = run([args.binary, 'render', sample], env={'PATH': '/usr/bin:/bin', 'NO_COLOR': '1'})
        check(rendered.returncode == 0 and rendered.stdout == reference.stdout,
              'promkit render Tests/Fixtures/sample: the output of the binary it was built from', rendered.stderr)
        expected_text = read('Tests/Fixtures/sample-expected/text.txt').decode()
        check(family_blocks(rendered.stdout) == family_blocks(expected_text),
              'promkit render Tests/Fixtures/sample: what prometheus_client renders')
        for path, committed in SHARED.items():
            target = os.path.join(venv, path)
            same = os.path.isfile(target) and open(target, 'rb').read() == read(committed)
            check(same, f'{path} installed under the venv')
        listed = run([promkit, 'paths'], env={'PATH': '/usr/bin:/bin', 'NO_COLOR': '1'})
        check(listed.returncode == 0 and all(os.path.join(venv, path) in listed.stdout for path in SHARED),
              'promkit paths names the man page and completions in the venv', listed.stdout + listed.stderr)
        if shutil.which('man'):
            found = run(['man', '-w', 'promkit'], env={'PATH': f'{venv}/bin:/usr/bin:/bin', 'MANPATH': ''})
            check(found.stdout.strip() == os.path.join(venv, 'share/man/man1/promkit.1'),
                  'man finds the page through PATH', found.stdout + found.stderr)

        python = os.path.join(venv, 'bin', 'python')
        alone = run([python, '-c', 'import promkit, sys; print(promkit.__version__, promkit.__file__)'])
        check(alone.returncode == 0 and alone.stdout.split()[0] == version
              and alone.stdout.split()[1].startswith(venv), 'import promkit, without prometheus_client',
              alone.stdout + alone.stderr)
        import prometheus_client
        lent = os.path.dirname(os.path.dirname(prometheus_client.__file__))
        script = ('import sys, promkit\n'
                  'from prometheus_client import CollectorRegistry, generate_latest, multiprocess\n'
                  'assert promkit.__file__.startswith(sys.argv[2]), promkit.__file__\n'
                  'ours, theirs = CollectorRegistry(), CollectorRegistry()\n'
                  'promkit.MultiProcessCollector(ours, path=sys.argv[1])\n'
                  'multiprocess.MultiProcessCollector(theirs, path=sys.argv[1])\n'
                  'assert generate_latest(ours) == generate_latest(theirs)\n')
        collected = run([python, '-c', script, sample, venv], env={'PYTHONPATH': lent})
        check(collected.returncode == 0, "the installed promkit.MultiProcessCollector gives prometheus_client's output",
              collected.stderr)

        removed = run([python, '-m', 'pip', 'uninstall', '--yes', 'promkit'])
        left = [path for path in ['bin/promkit', *SHARED] if os.path.exists(os.path.join(venv, path))]
        check(removed.returncode == 0 and not left, 'pip uninstall removes the binary, man page and completions',
              str(left) + removed.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f'wheel_check: {checks.passed} passed, {checks.failed} failed')
    return 1 if checks.failed else 0


if __name__ == '__main__':
    sys.exit(main())
