// The YAML form of a case file: a YAML tree turned into the JSON that protobuf's parser reads.
#pragma once

#include <google/protobuf/descriptor.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "clients/cbctl/case_file_input.h"

namespace casebridge::cbctl {

// Writes to `json` the JSON of `root` read as a `descriptor` message, guided by the descriptor
// (field names, enum values without prefix, dates as YYYY-MM-DD, Beijing times, amounts in yuan;
// see FileInput), and records in `input` the line of every field and every problem, all of them.
// `json` means something only when no problem was added.
void YamlToProtoJson(const YAML::Node& root, const google::protobuf::Descriptor* descriptor,
                     FileInput& input, std::string& json);

// The value of enum `e` an officer means by `word`: its name, with or without the prefix its
// values share, in any case, '-' or ' ' for '_' ("destroyed-harmlessly"); with `loosely`, also
// the one value whose name contains the word ("destroyed"). nullopt when none (or several).
std::optional<int> EnumFromWord(const google::protobuf::EnumDescriptor* e, const std::string& word,
                                bool loosely = false);
// The values of `e` without their prefix and UNSPECIFIED: "KEPT, HANDED_OVER, ..." or, `as_flag`,
// "kept, handed-over, ...".
std::string EnumChoices(const google::protobuf::EnumDescriptor* e, bool as_flag = false);

}  // namespace casebridge::cbctl
