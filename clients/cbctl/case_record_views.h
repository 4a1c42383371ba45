// How cbctl shows a case's records: seized items, documents and penalty decisions.
#pragma once

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "casebridge/v1/intake.pb.h"
#include "clients/cbctl/account_views.h"

namespace casebridge::cbctl {

// A choice as officers read it: "无害化销毁 DESTROYED_HARMLESSLY" (the Chinese term, then the
// contract's name without its prefix); "" for an unset choice.
std::string ChoiceText(const google::protobuf::EnumDescriptor* e, int value);

// 1536 → "1.5 KiB".
std::string BytesText(int64_t bytes);

Fields SeizedItemFields(const v1::SeizedItem& item);
std::vector<std::string> SeizedItemHeaders();
std::vector<std::string> SeizedItemRow(const v1::SeizedItem& item);

Fields DocumentFields(const v1::CaseDocument& document);
std::vector<std::string> DocumentHeaders();
std::vector<std::string> DocumentRow(const v1::CaseDocument& document);

Fields PenaltyDecisionFields(const v1::PenaltyDecision& decision);
std::vector<std::string> PenaltyDecisionHeaders();
std::vector<std::string> PenaltyDecisionRow(const v1::PenaltyDecision& decision);

// The closure of a closed case (结案方式, date, note, justification, who).
Fields ClosureFields(const v1::CaseClosure& closure);

}  // namespace casebridge::cbctl
