// How cbctl shows referrals (移送): states, clocks, materials, history and the acts possible next.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "casebridge/v1/referral.grpc.pb.h"
#include "clients/cbctl/account_views.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

std::unique_ptr<v1::ReferralService::Stub> Referrals(const Session& session);
// Printer::Error for the referral service; `where` says which flag a wrong field came from.
int FailReferral(const Printer& printer, const grpc::Status& status, const Session& session,
                 const std::function<std::string(const std::string& field)>& where = nullptr);

// Reads referral `name` (the referrals/ prefix may be left out); on failure explains why and sets
// *exit_code.
bool FetchReferral(Session& session, const std::string& name, const Printer& printer,
                   v1::Referral* r, int* exit_code,
                   v1::ReferralView view = v1::REFERRAL_VIEW_BASIC);

// "已移送 TRANSFERRED".
std::string ReferralStateText(v1::Referral::State state);
// "立案审查 FILING_DECISION".
std::string ClockKindText(v1::Deadline::Kind kind);
// "国务院令第310号 第八条".
std::string LegalBasisText(const v1::LegalBasis& basis);
// "还剩 2 天 5 小时 / 2d 5h left" or "已超期 3 小时 / 3h overdue", against now.
std::string TimeLeftText(const google::protobuf::Timestamp& due);
// "移送书 REFERRAL_LETTER" and the like for a referral document's kind.
std::string DocumentKindText(v1::ReferralDocument::Kind kind);
// "①移送书 REFERRAL_LETTER": which of the materials of 310号第六条.
std::string MaterialKindText(v1::Referral::Material::Kind kind);

// `cbctl referral show`: the referral's fields, its clocks, materials and act history, and the
// acts possible now.
void ShowReferral(const Printer& printer, const v1::Referral& r);
// After an act: the new state, the clocks still running and what may be done next.
void ShowAfterAct(const Printer& printer, const std::string& done, const v1::Referral& r);

std::vector<std::string> ReferralListHeaders();
std::vector<std::string> ReferralListRow(const v1::Referral& r);
std::vector<std::string> DeadlineHeaders();
std::vector<std::string> DeadlineRow(const v1::Deadline& d);
std::vector<std::string> ReferralDocumentHeaders();
std::vector<std::string> ReferralDocumentRow(const v1::ReferralDocument& d);

// The acts possible in `state`, each with who does it and the cbctl command, one per line.
std::string NextActsText(v1::Referral::State state);

}  // namespace casebridge::cbctl
