// The documents the system renders for a referral: 涉嫌犯罪案件移送书, 涉案物品清单 and 回执 (PDF).
#pragma once

#include <chrono>
#include <string>

#include "casebridge/v1/referral.pb.h"

namespace casebridge::referral {

// Names printed on the documents, which the referral itself only holds as resource names.
struct DocumentParties {
  std::string agency_name;  // the referring agency, e.g. 南通市市场监督管理局
  std::string police_name;  // the police organisation addressed or receiving
};

// ① 涉嫌犯罪案件移送书 (国务院令第310号 art. 6): number, addressee, parties, facts, amounts, the
// threshold assessment, and every other material with its SHA-256 (`r.transfer().materials()`
// without the letter itself), the case snapshot's digest, and the date of `time`.
std::string RenderReferralLetter(const v1::Referral& r, const DocumentParties& parties,
                                 std::chrono::system_clock::time_point time);

// ③ 涉案物品清单 (310号 art. 4, 6) from the case snapshot's seized items.
std::string RenderSeizedGoodsList(const v1::Referral& r, const DocumentParties& parties,
                                  std::chrono::system_clock::time_point time);

// 回执 (310号 art. 7): what `receipt` acknowledges — the letter's number, each material and the
// digest the police echoed, whether they all match, the receipt number, who signed and when.
std::string RenderReceipt(const v1::Referral& r, const v1::Referral::Receipt& receipt,
                          const DocumentParties& parties);

}  // namespace casebridge::referral
