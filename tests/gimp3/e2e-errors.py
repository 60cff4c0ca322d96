# End-to-end: every refused call returns an error status with a clear message and leaves the
# image exactly as it was (layers, canvas, pixels); the procedures carry GIMP 2.10's argument
# names, ranges and defaults. The same refusals as tests/gimp2/e2e-errors.scm, where a GIMP 3
# call can make them: out-of-range values (preset 7, iterations -5, ...) never reach a GIMP 3
# plug-in, since GIMP checks every argument against its registered range first, so here the
# ranges themselves are checked. Run by run-e2e.sh inside python-fu-eval.
import os

exec(open(os.environ['DIP_E2E_LIB']).read())


def image_state(image, layer):
    return (layer_ids(image), image.get_width(), image.get_height(), pixels(layer))


def expect_refusal(name, image, layer, expect, procedure, drawables, **args):
    before = image_state(image, layer)
    outcome = call(procedure, image, drawables, **args)
    check(name + ': refused', not outcome.ok, 'the call succeeded')
    check(name + ': message', expect.lower() in outcome.message.lower(), 'got: ', outcome.message)
    check(name + ': image unchanged', image_state(image, layer) == before)


def inpaint_args(**override):
    args = dict(preset=0, iterations=20, seed=1, tv_weight=0.0, context=0)
    args.update(override)
    return args


def upscale_args(**override):
    args = dict(factor=2, preset=0, iterations=20, seed=1, tv_weight=0.0, new_image=False)
    args.update(override)
    return args


# name: (minimum, maximum, default), as documented by the GIMP 2.10 plug-in.
COMMON = {'preset': (0, 2, 0), 'iterations': (0, 20000, 0),
          'seed': (-2**31, 2**31 - 1, 0), 'tv-weight': (0.0, 1.0, 0.0)}
ARGUMENTS = {
    'plug-in-dip-inpaint': ['preset', 'iterations', 'seed', 'tv-weight', 'context'],
    'plug-in-dip-denoise': ['preset', 'iterations', 'seed', 'tv-weight'],
    'plug-in-dip-upscale': ['factor', 'preset', 'iterations', 'seed', 'tv-weight', 'new-image'],
}
RANGES = dict(COMMON, context=(0, 1024, 0), factor=(2, 8, 2))


def test_arguments():
    for procedure, names in ARGUMENTS.items():
        specs = Gimp.get_pdb().lookup_procedure(procedure).get_arguments()
        got = [spec.name for spec in specs]
        check(procedure + ' arguments', got == ['run-mode', 'image', 'drawables'] + names, got)
        for spec in specs[3:]:
            if spec.name == 'new-image':
                check(procedure + ' new-image is a boolean, default off',
                      spec.value_type == GObject.TYPE_BOOLEAN and spec.default_value is False)
                continue
            want = RANGES[spec.name]
            have = (spec.minimum, spec.maximum, spec.default_value)
            check('%s %s range and default' % (procedure, spec.name), have == want, have)


def test_refusals():
    image = photo_crop(100, 100, 48, 48)
    layer = image.get_layers()[0]
    Gimp.Selection.none(image)
    expect_refusal('empty selection', image, layer, 'nothing is selected',
                   'plug-in-dip-inpaint', [layer], **inpaint_args())
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 20, 20, 6, 6)
    expect_refusal('factor 5', image, layer, 'factor 5', 'plug-in-dip-upscale', [layer],
                   **upscale_args(factor=5))
    channel = Gimp.Selection.save(image)
    expect_refusal('channel as drawable', image, layer, 'works on layers',
                   'plug-in-dip-inpaint', [channel], **inpaint_args())
    image.remove_channel(channel)
    second = Gimp.Layer.new(image, 'second', 48, 48, Gimp.ImageType.RGBA_IMAGE, 100.0,
                            Gimp.LayerMode.NORMAL)
    image.insert_layer(second, None, 0)
    expect_refusal('two layers selected', image, layer, 'one layer at a time',
                   'plug-in-dip-inpaint', [layer, second], **inpaint_args())
    image.remove_layer(second)
    # A selection feathered so far that nothing in it is more than half selected: the fit
    # would trust all of it and only repeat the image.
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 20, 20, 6, 6)
    image.get_selection().levels(Gimp.HistogramChannel.VALUE, 0.0, 1.0, True, 1.0, 0.0, 0.4, True)
    expect_refusal('selection at most half', image, layer, 'more than half',
                   'plug-in-dip-inpaint', [layer], **inpaint_args())
    # A selection that misses the layer: the layer is moved away from it.
    layer.set_offsets(30, 30)
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 2, 2, 6, 6)
    expect_refusal('selection outside the layer', image, layer, 'does not overlap',
                   'plug-in-dip-inpaint', [layer], **inpaint_args())
    layer.set_offsets(0, 0)
    image.delete()

    image = photo_crop(100, 100, 6, 5)
    layer = image.get_layers()[0]
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 2, 2, 2, 2)
    expect_refusal('layer too small (inpaint)', image, layer, 'needs at least',
                   'plug-in-dip-inpaint', [layer], **inpaint_args())
    expect_refusal('layer too small (upscale)', image, layer, 'needs at least',
                   'plug-in-dip-upscale', [layer], **upscale_args())
    image.delete()

    image = photo_crop(100, 100, 48, 48)
    layer = image.get_layers()[0]
    image.convert_indexed(Gimp.ConvertDitherType.NONE, Gimp.ConvertPaletteType.GENERATE, 16,
                          False, False, '')
    image.select_rectangle(Gimp.ChannelOps.REPLACE, 20, 20, 6, 6)
    expect_refusal('indexed image', image, layer, 'Indexed', 'plug-in-dip-inpaint', [layer],
                   **inpaint_args())
    image.delete()


test_arguments()
test_refusals()
finish()
