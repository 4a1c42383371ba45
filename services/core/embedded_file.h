// A file compiled into a binary (migrations, statutory data): its base name and bytes.
#pragma once

#include <string_view>

namespace casebridge::core {

struct EmbeddedFile {
  std::string_view name;     // relative to the embedded folder, e.g. "0001_audit_chain.sql"
  std::string_view content;  // the file's exact bytes
};

}  // namespace casebridge::core
