// The intake schema's migrations, compiled into the binary.
#pragma once

#include <span>

#include "services/core/embedded_file.h"

namespace casebridge::intake {

std::span<const core::EmbeddedFile> Migrations();

}  // namespace casebridge::intake
