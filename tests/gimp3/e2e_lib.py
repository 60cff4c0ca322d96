# Helpers for the GIMP 3 end-to-end tests, run inside GIMP's python-fu-eval (which has already
# imported Gimp, Gegl, GLib, Gio). Results go to the file named by $DIP_E2E_RESULTS, one line
# per check: "PASS name" or "FAIL name: why", "INFO ..." for measurements, then "END".
import math
import os
import struct

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gegl, Gimp, Gio, GLib  # noqa: E402

RESULTS = open(os.environ['DIP_E2E_RESULTS'], 'w')
SAMPLE = os.environ['DIP_E2E_SAMPLE']


def write(*items):
    RESULTS.write(''.join(str(x) for x in items) + '\n')
    RESULTS.flush()


def check(name, ok, *why):
    if ok:
        write('PASS ', name)
    else:
        write('FAIL ', name, ': ', *why)
    return ok


def finish():
    write('END')
    RESULTS.close()


class Outcome:
    def __init__(self, status, values, message):
        self.status, self.values, self.message = status, values, message

    @property
    def ok(self):
        return self.status == Gimp.PDBStatusType.SUCCESS


def call(name, image, drawables, **args):
    """Runs a procedure non-interactively with named arguments (hyphens as underscores)."""
    procedure = Gimp.get_pdb().lookup_procedure(name)
    config = procedure.create_config()
    config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    config.set_property('image', image)
    config.set_core_object_array('drawables', drawables)
    for key, value in args.items():
        config.set_property(key.replace('_', '-'), value)
    result = procedure.run(config)
    status = result.index(0)
    values = [result.index(i) for i in range(1, result.length())]
    message = ''
    if status != Gimp.PDBStatusType.SUCCESS:
        message = values[0] if values and isinstance(values[0], str) else ''
        message = message or (Gimp.get_pdb().get_last_error() or '')
    return Outcome(status, values, message)


def photo_crop(x, y, w, h):
    """A small natural image: a crop of the sample photo, as a new one-layer image."""
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(SAMPLE))
    image.crop(w, h, x, y)
    return image


def offsets(drawable):
    result = drawable.get_offsets()
    return (result[-2], result[-1])


def size(drawable):
    return (drawable.get_width(), drawable.get_height())


def native_format(drawable):
    # Reading in the drawable's own format makes equal bytes mean bit-identical pixels.
    from gi.repository import Babl
    return Babl.format_get_encoding(drawable.get_format())


def raw(drawable, fmt, rect=None):
    x, y, w, h = rect or (0, 0) + size(drawable)
    return bytes(drawable.get_buffer().get(Gegl.Rectangle.new(x, y, w, h), 1.0, fmt,
                                           Gegl.AbyssPolicy.NONE))


def pixels(drawable, fmt=None):
    """The drawable's pixels as a list of per-pixel byte strings."""
    fmt = fmt or native_format(drawable)
    data = raw(drawable, fmt)
    n = drawable.get_width() * drawable.get_height()
    bpp = len(data) // n
    return [data[i * bpp:(i + 1) * bpp] for i in range(n)]


def selection_of(image, drawable):
    """Selection amount in [0, 1] of every pixel of a layer, in the layer's coordinates."""
    x, y = offsets(drawable)
    w, h = size(drawable)
    data = raw(image.get_selection(), 'Y float', (x, y, w, h))
    return list(struct.unpack('%df' % (w * h), data))


def first_difference(a, b):
    for i, (p, q) in enumerate(zip(a, b)):
        if p != q:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def changed_outside(before, after, selection):
    return sum(1 for p, q, s in zip(before, after, selection) if s == 0.0 and p != q)


def hole_psnr(estimate, truth, selection):
    """PSNR in dB of 8-bit colour pixels over the fully selected pixels."""
    total, count = 0.0, 0
    for e, t, s in zip(estimate, truth, selection):
        if s >= 1.0:
            total += sum((a - b) ** 2 for a, b in zip(e, t))
            count += len(e)
    if count == 0:
        return 0.0
    mse = total / (count * 255.0 * 255.0)
    return 99.0 if mse <= 0 else -10.0 * math.log10(mse)


def flat_fill(pix, selection):
    """The fill a trivial tool would make: the mean of the unselected pixels."""
    channels = len(pix[0])
    sums, count = [0.0] * channels, 0
    for p, s in zip(pix, selection):
        if s == 0.0:
            sums = [a + b for a, b in zip(sums, p)]
            count += 1
    mean = bytes(int(round(v / max(count, 1))) for v in sums)
    return [mean] * len(pix)


def layer_ids(image):
    return [layer.get_id() for layer in image.get_layers()]
