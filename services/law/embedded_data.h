// The data files of services/law/data, compiled into casebridge_law at build time (internal).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace casebridge::law::embedded {

struct File {
  std::string_view path;   // relative to services/law/data, e.g. "regions/areas.csv"
  std::string_view bytes;  // the file's exact contents
};

// Every embedded file, sorted by path. Defined in the source that cmake/EmbedFiles.cmake
// generates, so the list always matches the data directory at the last build.
std::span<const File> Files();

// The contents of the embedded file at `path`, or nullopt if there is none.
std::optional<std::string_view> Find(std::string_view path);

}  // namespace casebridge::law::embedded
