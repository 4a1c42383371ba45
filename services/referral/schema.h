// The referral schema's migrations, compiled into the binary.
#pragma once

#include <span>

#include "services/core/embedded_file.h"

namespace casebridge::referral {

std::span<const core::EmbeddedFile> Migrations();

}  // namespace casebridge::referral
