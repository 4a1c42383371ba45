// The YAML form of a case file: a YAML tree turned into the JSON that protobuf's parser reads.
#pragma once

#include <google/protobuf/descriptor.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "clients/cbctl/case_file_input.h"

namespace casebridge::cbctl {

// Writes to `json` the JSON of `root` read as a `descriptor` message, guided by the descriptor
// (field names, enum values without prefix, dates as YYYY-MM-DD, ThresholdFacts.amounts_yuan),
// and records in `input` the line of every field and every problem, all of them. `json` means
// something only when no problem was added.
void YamlToProtoJson(const YAML::Node& root, const google::protobuf::Descriptor* descriptor,
                     CaseFileInput& input, std::string& json);

}  // namespace casebridge::cbctl
