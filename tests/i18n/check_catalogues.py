#!/usr/bin/env python3
"""Catalogue checks.

    check_catalogues.py sources SOURCE_ROOT [XGETTEXT_ARG...]
        Every source file that marks strings is listed in po/POTFILES, and every msgid a fresh
        xgettext run finds has a translation (not fuzzy) in each catalogue of po/LINGUAS.
    check_catalogues.py statistics PO_FILE
        msgfmt --check passes and reports no untranslated or fuzzy entries.
"""
import pathlib
import re
import subprocess
import sys
import tempfile

MARKED = re.compile(r'\b(?:N?C?_|NP_|dngettext)\s*\(\s*(?:GETTEXT_PACKAGE\s*,\s*)?"')
SOURCE_DIRS = ('core', 'plugin')


def listed_sources(root):
    return [line.strip() for line in (root / 'po' / 'POTFILES').read_text().splitlines()
            if line.strip() and not line.startswith('#')]


def unlisted_sources(root, listed):
    missing = []
    for folder in SOURCE_DIRS:
        for path in sorted((root / folder).rglob('*.[ch]pp')):
            relative = path.relative_to(root).as_posix()
            if relative not in listed and MARKED.search(path.read_text(encoding='utf-8')):
                missing.append(relative)
    return missing


def show_entries(pot, report):
    """msgcmp names pot lines only: print the entries so the message itself is seen."""
    lines = pot.read_text(encoding='utf-8').splitlines()
    for number in re.findall(r'\.pot:(\d+):', report):
        first = last = int(number) - 1
        while first > 0 and lines[first - 1].strip():
            first -= 1
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        print('\n'.join('    ' + line for line in lines[first:last + 1]))


def check_sources(root, xgettext_args):
    listed = listed_sources(root)
    failed = False
    for relative in listed:
        if not (root / relative).is_file():
            print(f'po/POTFILES lists {relative}, which does not exist')
            failed = True
    for relative in unlisted_sources(root, listed):
        print(f'{relative} marks strings but is not in po/POTFILES: xgettext never sees them')
        failed = True
    languages = (root / 'po' / 'LINGUAS').read_text().split()
    with tempfile.TemporaryDirectory() as work:
        pot = pathlib.Path(work) / 'fresh.pot'
        subprocess.run(['xgettext', '--files-from=po/POTFILES', '--directory=.',
                        '--output=' + str(pot), *xgettext_args], cwd=root, check=True)
        count = sum(1 for line in pot.read_text(encoding='utf-8').splitlines()
                    if line.startswith('msgid ')) - 1  # the header
        print(f'fresh xgettext run: {count} messages')
        if count < 1:
            print('xgettext found no messages: the keywords or POTFILES are wrong')
            failed = True
        for lang in languages:
            # msgcmp counts untranslated and fuzzy entries of the catalogue as missing.
            done = subprocess.run(['msgcmp', str(root / 'po' / f'{lang}.po'), str(pot)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                print(f'po/{lang}.po lacks translations of strings in the sources:')
                print(done.stderr.strip())
                show_entries(pot, done.stderr)
                failed = True
            else:
                print(f'po/{lang}.po: every message translated')
    return 1 if failed else 0


def check_statistics(po_file):
    done = subprocess.run(['msgfmt', '--check', '--statistics', '-o', '/dev/null', po_file],
                          capture_output=True, text=True)
    report = done.stderr.strip()
    print(report)
    fuzzy = re.search(r'(\d+) fuzzy', report)
    untranslated = re.search(r'(\d+) untranslated', report)
    translated = re.search(r'(\d+) translated', report)
    if done.returncode != 0 or fuzzy or untranslated or not translated:
        print(f'{po_file}: must pass msgfmt --check with every message translated, none fuzzy')
        return 1
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == 'sources':
        return check_sources(pathlib.Path(argv[2]), argv[3:])
    if len(argv) == 3 and argv[1] == 'statistics':
        return check_statistics(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
