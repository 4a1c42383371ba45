// GetDeadline and ListDeadlines: the statutory clocks of one referral, or across the referrals in
// the caller's scope, with ListDeadlines' filter language.

#include <cstring>

#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/rpc.h"
#include "services/law/region_codes.h"
#include "services/referral/referral_access.h"
#include "services/referral/referral_filters.h"
#include "services/referral/referral_rows.h"
#include "services/referral/referral_service.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;

constexpr char kAllReferrals[] = "referrals/-";

grpc::Status DeadlineNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                "没有找到期限 " + name + " / No deadline " + name,
                                "DEADLINE_NOT_FOUND");
}

}  // namespace

grpc::ServerUnaryReactor* ReferralService::GetDeadline(Context* context,
                                                       const v1::GetDeadlineRequest* request,
                                                       v1::Deadline* response) {
  return core::RunUnary(context, executor_, "GetDeadline", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    const std::string& name = request->name();
    const size_t marker = name.find("/deadlines/");
    const std::string referral = name.substr(0, marker);
    const std::string deadline_id =
        marker == std::string::npos ? "" : name.substr(marker + std::strlen("/deadlines/"));
    if (ReferralIdFromName(referral).empty() || deadline_id.empty() ||
        deadline_id.find('/') != std::string::npos) {
      FieldViolations v;
      v.Add("name",
            "格式应为 referrals/{id}/deadlines/{id} / expected referrals/{id}/deadlines/{id}");
      return v.ToStatus();
    }
    ReferralRow row;
    if (grpc::Status s = ReadableReferral(caller, referral, "GetDeadline", &row); !s.ok()) {
      return s;
    }
    v1::Referral r;
    r.ParseFromString(row.body);
    const v1::Deadline* found = FindDeadline(r, name);
    if (found == nullptr) return DeadlineNotFound(name);
    *response = *found;
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReferralService::ListDeadlines(Context* context,
                                                         const v1::ListDeadlinesRequest* request,
                                                         v1::ListDeadlinesResponse* response) {
  return core::RunUnary(context, executor_, "ListDeadlines", [=, this] {
    core::Principal caller = access_.Authenticate(*context);
    FieldViolations v;
    DeadlineQuery q;
    const bool across = request->parent() == kAllReferrals;
    if (!across) {
      q.referral_id = ReferralIdFromName(request->parent());
      if (q.referral_id.empty()) {
        v.Add("parent",
              "格式应为 referrals/{id}，或 referrals/- 表示职责范围内的全部移送 / expected "
              "referrals/{id}, or referrals/- for every referral in your scope");
      }
    }
    if (request->page_size() < 0) v.Add("page_size", "不能为负数 / must not be negative");
    ParseDeadlineFilter(request->filter(), q, v);
    const std::string position = core::DecodePageToken(request->page_token(), v);
    if (!position.empty()) {
      const size_t bar = position.find('|');
      const std::string due = position.substr(0, bar);
      if (bar == std::string::npos || due.empty() ||
          due.find_first_not_of("-0123456789") != std::string::npos) {
        v.Add("page_token", "不是本服务签发的翻页令牌 / not a page token this service issued");
      } else {
        q.after_due_micros = std::stoll(due);
        q.after_key = position.substr(bar + 1);
      }
    }
    if (!v.empty()) return v.ToStatus();

    if (!across) {
      // The clocks of one referral are part of it: whoever may read it may read them.
      ReferralRow row;
      if (grpc::Status s = ReadableReferral(caller, request->parent(), "ListDeadlines", &row);
          !s.ok()) {
        return s;
      }
    } else if (IsAgencyStaff(caller)) {
      q.agency_id = OrganisationId(caller.organisation());
    } else if (caller.kind() == v1::ORGANISATION_KIND_PUBLIC_SECURITY) {
      q.police_id = OrganisationId(caller.organisation());
    } else if (IsProcurator(caller)) {
      q.region_prefix = law::RegionPrefix(caller.region_code()).value_or("\x01");
    } else {
      access_.Require(caller, false, "ListDeadlines", kAllReferrals,
                      "clocks are listed for agencies, police organisations and procurators");
    }

    const int size = core::ClampPageSize(request->page_size());
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    std::vector<DeadlineRow> rows = repository_.ListDeadlines(tx, q, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      response->add_deadlines()->ParseFromString(rows[i].body);
    }
    if (static_cast<int>(rows.size()) > size) {
      const DeadlineRow& last = rows[size - 1];
      response->set_next_page_token(core::EncodePageToken(
          std::to_string(last.due_micros) + "|" + last.referral_id + "/" + last.deadline_id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace casebridge::referral
