// Which file format an image path names, from its extension. Shared by the argument parser
// (to refuse an unknown output extension before anything runs) and by the image writer.
#pragma once

#include <optional>
#include <string>

namespace dip::cli {

enum class ImageFormat { Png, Jpeg, Tiff };

// .png, .jpg, .jpeg, .tif, .tiff in any letter case; nullopt for anything else.
std::optional<ImageFormat> format_from_extension(const std::string& path);

const char* format_name(ImageFormat format);

}  // namespace dip::cli
