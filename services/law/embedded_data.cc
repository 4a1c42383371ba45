#include "services/law/embedded_data.h"

#include <algorithm>

namespace casebridge::law::embedded {

std::optional<std::string_view> Find(std::string_view path) {
  std::span<const File> files = Files();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const File& file, std::string_view p) { return file.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->bytes;
}

}  // namespace casebridge::law::embedded
