// Elements of each offence checked before any amount, and which offences a case touches (internal).
#pragma once

#include <string>
#include <vector>

#include "services/law/thresholds.h"

namespace casebridge::law::threshold_internal {

// The result of checking an offence's elements (STATUTES.md §5 "Elements before amounts").
struct ElementCheck {
  std::vector<std::string> refuted;  // why the offence cannot apply, in Chinese; decides NOT_MET
  std::vector<std::string> unknown;  // what is not established, in Chinese; decides INSUFFICIENT
  std::vector<std::string> missing;  // CaseFacts paths of the unknown elements
};

ElementCheck CheckElements(Offence offence, const CaseFacts& facts);

// The offences whose subject matter the case touches (by IP right and goods category), in Offence
// order. An unrecorded IP right touches every IP offence, so that each reports the missing fact.
// 215 is touched only when the 标识 themselves may be the subject (goods category TRADEMARK_LABELS,
// or unrecorded with no recorded label count of 0); 213/214 are not touched for a labels case.
std::vector<Offence> TouchedOffences(const CaseFacts& facts);

// Goods of 刑法 141-148 (food, drugs, medical devices, cosmetics, agricultural inputs,
// safety-critical products): the subject matter of 149.
bool IsSpecialProduct(GoodsCategory category);

}  // namespace casebridge::law::threshold_internal
