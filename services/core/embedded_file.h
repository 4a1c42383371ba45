// A file compiled into a binary (migrations, statutory data): its base name and bytes.
#pragma once

#include <string_view>
#include <vector>

namespace casebridge::core {

struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

}  // namespace casebridge::core
