// The accounts schema's migrations, compiled into the binary.
#pragma once

#include <vector>

#include "services/core/embedded_file.h"

namespace casebridge::accounts {

const std::vector<core::EmbeddedFile>& Migrations();

}  // namespace casebridge::accounts
