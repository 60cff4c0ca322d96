#!/usr/bin/env python3
"""Fails when a string literal reaches a user-visible call without gettext.

Scans C++ sources for calls that show text to people (GTK and GIMP UI calls, plug-in
messages, the CLI's errors and output, the engine's dip::Error, which the front ends
translate) and lists every string literal among their arguments that is neither wrapped
in a gettext marker (N_ and NP_ in the engine) nor plain markup (format directives,
punctuation, identifiers such as role or argument names).

    check_marked.py SOURCE_ROOT PATH...   (paths relative to SOURCE_ROOT: files or folders)
"""
import pathlib
import re
import sys

# Calls whose string arguments people read. Prefix entries (ending in '*') match a family.
UI_CALLS = [
    # GTK 2/3 and libgimpui
    'gtk_label_new', 'gtk_label_new_with_mnemonic', 'gtk_label_set_text', 'gtk_label_set_markup',
    'gtk_window_set_title', 'gtk_button_new_with_label', 'gtk_button_new_with_mnemonic',
    'gtk_check_button_new_with_label', 'gtk_check_button_new_with_mnemonic', 'gtk_frame_new',
    'gtk_message_dialog_new', 'gtk_progress_bar_set_text', 'gtk_widget_set_tooltip_text',
    'gtk_dialog_add_button', 'gimp_dialog_new', 'gimp_dialog_add_button',
    'gimp_help_set_help_data', 'gimp_table_attach_aligned', 'gimp_int_combo_box_new',
    'gimp_int_store_new', 'gimp_procedure_dialog_new', 'gimp_procedure_dialog_get_label',
    # libgimp: registration, progress, messages
    'gimp_install_procedure', 'gimp_plugin_menu_register', 'gimp_progress_init',
    'gimp_progress_set_text', 'gimp_message', 'g_message', 'g_set_error', 'g_error_new',
    'gimp_procedure_set_menu_label', 'gimp_procedure_set_documentation',
    'gimp_procedure_add_*', 'gimp_procedure_new_return_values', 'gimp_layer_new',
    # this project's own carriers of user text (Error: the engine's, translated by the front ends)
    'Outcome::error', 'format', 'front::format', 'dip::format', 'UsageError', 'FileError',
    'Error', 'dip::Error',
    'report_error', 'add_int', 'add_double', 'add_choice', 'add_toggle', 'ParamsDialog',
    # the CLI's output
    'fprintf', 'printf', 'fputs', 'puts',
]
# Calls that carry nothing but messages: even a lone lowercase word there is text.
MESSAGE_CALLS = {'Outcome::error', 'UsageError', 'FileError', 'Error', 'dip::Error',
                 'report_error', 'gimp_message',
                 'g_message', 'fprintf', 'printf', 'fputs', 'puts', 'gtk_label_new',
                 'gtk_label_set_text', 'gimp_progress_init', 'gimp_progress_set_text'}
MARKERS = ('_', 'N_', 'C_', 'NC_', 'NP_', 'gettext', 'dgettext', 'ngettext', 'dngettext')
FORMAT = re.compile(r'%[-+ #0-9.*]*(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcspa%]')
# Literals that are names, not text: roles, argument and signal names, file modes.
IDENTIFIER = re.compile(r'[a-z0-9_\-:./+]*')
PROGRAM_NAMES = ('dip-restore',)


def strip_comments(text):
    """Blanks comments but keeps line breaks and literals, so positions stay right."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c in '"\'':
            j = skip_literal(text, i)
            out.append(text[i:j]); i = j
        else:
            out.append(c); i += 1
    return ''.join(out)


def skip_literal(text, i):
    quote, j = text[i], i + 1
    while j < len(text) and text[j] != quote:
        j += 2 if text[j] == '\\' else 1
    return j + 1


def call_end(text, open_paren):
    """Index just past the parenthesis that closes the one at open_paren."""
    depth, i = 0, open_paren
    while i < len(text):
        c = text[i]
        if c in '"\'':
            i = skip_literal(text, i); continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def unmarked_literals(args):
    """Literals in a call's arguments that are outside every gettext marker; adjacent
    literals are one string, reported at its first piece."""
    found, i = [], 0
    while i < len(args):
        c = args[i]
        if c in '"\'':
            j = skip_literal(args, i)
            if c == '"':
                piece = args[i:j]
                k = j
                while True:  # "one " "string"
                    m = re.match(r'\s*"', args[k:])
                    if not m:
                        break
                    end = skip_literal(args, k + m.end() - 1)
                    piece = piece[:-1] + args[k + m.end():end]
                    k = j = end
                found.append((i, piece))
            i = j; continue
        m = re.match(r'\b(' + '|'.join(map(re.escape, MARKERS)) + r')\s*\(', args[i:])
        if m and (i == 0 or not (args[i - 1].isalnum() or args[i - 1] == '_')):
            i = call_end(args, i + m.end() - 1); continue
        i += 1
    return found


def is_text(literal, message_call):
    body = bytes(literal[1:-1], 'utf-8').decode('unicode_escape', 'ignore')
    if not message_call and IDENTIFIER.fullmatch(body):
        return False
    for name in PROGRAM_NAMES:
        body = body.replace(name, ' ')
    body = FORMAT.sub(' ', body)
    return re.search(r'[^\W\d_]{2,}', body) is not None


def call_pattern():
    names = []
    for name in UI_CALLS:
        names.append(re.escape(name[:-1]) + r'\w+' if name.endswith('*') else re.escape(name))
    return re.compile(r'(?<![\w:])(?:std::)?(' + '|'.join(names) + r')\s*\(')


def scan(path, pattern):
    return scan_text(strip_comments(path.read_text(encoding='utf-8')), pattern)


def scan_text(text, pattern):
    problems = []
    for m in pattern.finditer(text):
        start = m.end() - 1
        args = text[start:call_end(text, start)]
        # Adjacent literals are one string: report the first piece once.
        for offset, literal in unmarked_literals(args):
            if is_text(literal, m.group(1) in MESSAGE_CALLS):
                line = text.count('\n', 0, start + offset) + 1
                problems.append((line, m.group(1), literal))
    return problems


# The scanner's own cases: a check that finds nothing here would pass any tree. The number
# ending a line says that line must be flagged.
SELF_TEST = r'''gtk_label_new ("Seen by people");                               // 1
gtk_label_new (_("Marked"));
gimp_dialog_new (_("Title"), "gimp-dip-role", nullptr, 0,
                 nullptr, nullptr, "_Cancel", 1, nullptr);       // 4
Outcome::error(GIMP_PDB_EXECUTION_ERROR,
               "Split "                                           // 6
               "sentence");
front::format(dngettext(GETTEXT_PACKAGE, "%d layer", "%d layers", n), n);
std::fprintf(stderr, "dip-restore: %s\\n", _(message));
gimp_procedure_add_int_argument(procedure, "factor", "_Factor", _("Blurb"));  // 10
/* gtk_label_new ("in a comment"); */
throw UsageError(format(_("%s: bad"), name) + " (see --help)");  // 12
report_error("cancelled", 1);                                     // 13
throw Error("the image is too small: " + size);                     // 14
throw Error(N_("the image is %s wide"), {std::to_string(w)});
throw Error(NP_("%s pixel", "%s pixels"), n, {std::to_string(n)});
throw dip::Error(std::string("engine: ") + what);                 // 17
throw std::invalid_argument("skip net: a bug, not for people");
'''


def self_test(pattern):
    text = strip_comments(SELF_TEST)
    expected = [n + 1 for n, line in enumerate(SELF_TEST.splitlines())
                if re.search(r'// \d+$', line)]
    found = [line for line, _call, _literal in scan_text(text, pattern)]
    if found != expected:
        print(f'scanner self-test failed: flagged lines {found}, expected {expected}')
        return False
    return True


def main(argv):
    root = pathlib.Path(argv[1])
    files = []
    for item in argv[2:]:
        p = root / item
        files += sorted(p.rglob('*.[ch]pp')) + sorted(p.rglob('*.h')) if p.is_dir() else [p]
    if not files:
        print('no sources to scan', file=sys.stderr)
        return 2
    pattern = call_pattern()
    if not self_test(pattern):
        return 1
    problems = 0
    for f in files:
        for line, call, literal in scan(f, pattern):
            print(f'{f.relative_to(root)}:{line}: {call}(): unmarked {literal}')
            problems += 1
    print(f'{len(files)} files scanned, {problems} unmarked user-visible string(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
