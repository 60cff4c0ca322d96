// Which file format an image path names, from its extension. Shared by the argument parser
// (to refuse an unknown output extension before anything runs) and by the image writer.
#pragma once

#include <optional>
#include <string>

namespace dip::cli {

// Pnm is Netpbm's PGM or PPM (P5 for grey, P6 for colour, whichever of .pgm, .ppm or .pnm the
// name ends in); Pam is P7, the Netpbm format with alpha.
enum class ImageFormat { Png, Jpeg, Tiff, Pnm, Pam };

// .png, .jpg, .jpeg, .tif, .tiff, .pgm, .ppm, .pnm, .pam in any letter case; nullopt for anything else.
std::optional<ImageFormat> format_from_extension(const std::string& path);

const char* format_name(ImageFormat format);

// Netpbm is always there; PNG, JPEG and TIFF only in a build that found their libraries
// (meson options png, jpeg, tiff).
bool format_built_in(ImageFormat format);

}  // namespace dip::cli
