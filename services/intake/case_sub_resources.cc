#include "services/intake/case_sub_resources.h"

#include <google/protobuf/util/time_util.h>

#include <set>

#include "services/intake/assessment_mapping.h"
#include "services/intake/case_rows.h"
#include "services/intake/party_validation.h"
#include "services/law/calendar.h"

namespace casebridge::intake {

using google::protobuf::util::TimeUtil;
using validation::CheckText;
using validation::TextRule;

namespace {

constexpr int kMaxLegalBases = 50;
constexpr int kMaxDocumentRefs = 50;
constexpr int kEarliestYear = 1990;
// Officers' and servers' clocks differ a little; an instant this far ahead is still "now".
constexpr int64_t kClockSkewMicros = 5 * 60 * 1'000'000LL;

constexpr TextRule kInstrument{"法律文件名称", "name of the law or regulation", 200, true};
constexpr TextRule kArticle{"条款", "article", 100};
constexpr TextRule kProvisionText{"条文内容", "text of the provision", 2000, false, false};

std::string Index(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

}  // namespace

std::optional<SubResourceName> ParseSubResourceName(std::string_view name,
                                                    std::string_view collection) {
  const std::string middle = "/" + std::string(collection) + "/";
  const size_t at = name.find(middle);
  if (at == std::string_view::npos) return std::nullopt;
  SubResourceName parsed{std::string(name.substr(0, at)),
                         std::string(name.substr(at + middle.size()))};
  if (CaseIdFromName(parsed.case_name).empty() || parsed.id.empty() ||
      parsed.id.find('/') != std::string::npos) {
    return std::nullopt;
  }
  return parsed;
}

std::string NextSubResourceId(std::string_view prefix, int existing) {
  return std::string(prefix) + std::to_string(existing + 1);
}

std::string NextEtag(const std::string& etag) {
  int64_t version = 0;
  try {
    version = std::stoll(etag);
  } catch (const std::exception&) {
    version = 0;  // a sub-resource written before etags existed starts again at 1
  }
  return std::to_string(version + 1);
}

void RequireEtag(const std::string& etag, const std::string& path, core::FieldViolations& v) {
  if (etag.empty()) {
    v.Add(path,
          "须提供读取时的 etag，以免覆盖他人的修改 / the etag you read is required, so nobody's "
          "change is overwritten");
  }
}

grpc::Status StaleEtag(const std::string& what_zh, const std::string& what_en,
                       const std::string& current_etag) {
  return core::StatusWithReason(
      grpc::StatusCode::ABORTED,
      "该" + what_zh + "已被他人修改，请重新读取后再办理 / Someone changed this " + what_en +
          " since you read it; read it again and redo your change",
      "STALE_ETAG", {{"current_etag", current_etag}});
}

grpc::Status NotNow(const std::string& message, const std::string& reason) {
  return core::StatusWithReason(grpc::StatusCode::FAILED_PRECONDITION, message, reason);
}

grpc::Status SubResourceNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                name + " 不存在 / " + name + " does not exist", "NOT_FOUND",
                                {{"name", name}});
}

std::chrono::year_month_day ShanghaiToday() {
  return law::ShanghaiDate(std::chrono::system_clock::now());
}

std::optional<std::chrono::year_month_day> CheckRealDate(const v1::Date* date, bool required,
                                                         const std::string& label_zh,
                                                         const std::string& label_en,
                                                         const std::string& path,
                                                         core::FieldViolations& v) {
  if (date == nullptr) {
    if (required) v.Add(path, "须填写" + label_zh + " / the " + label_en + " is required");
    return std::nullopt;
  }
  const std::optional<std::chrono::year_month_day> ymd = DateFromProto(*date);
  if (!ymd || date->year() < kEarliestYear) {
    v.Add(path, label_zh + "不是真实存在的日期（年份 1990-9999） / the " + label_en +
                    " is not a real date (year 1990-9999)");
    return std::nullopt;
  }
  return ymd;
}

std::optional<std::chrono::year_month_day> CheckPastDate(
    const v1::Date* date, bool required, const std::string& label_zh, const std::string& label_en,
    std::chrono::year_month_day today, const std::string& path, core::FieldViolations& v) {
  const std::optional<std::chrono::year_month_day> ymd =
      CheckRealDate(date, required, label_zh, label_en, path, v);
  if (ymd && *ymd > today) {
    v.Add(path, label_zh + "不能晚于今天 / the " + label_en + " cannot be after today");
    return std::nullopt;
  }
  return ymd;
}

std::optional<int64_t> CheckPastTime(const google::protobuf::Timestamp* time, bool required,
                                     const std::string& label_zh, const std::string& label_en,
                                     const std::string& path, core::FieldViolations& v) {
  if (time == nullptr) {
    if (required) v.Add(path, "须填写" + label_zh + " / the " + label_en + " is required");
    return std::nullopt;
  }
  // 1990-01-01T00:00:00Z; the timestamp's own range (years 1-9999) is checked first.
  constexpr int64_t kEarliestSeconds = 631'152'000;
  if (time->nanos() < 0 || time->nanos() > 999'999'999 || time->seconds() < kEarliestSeconds ||
      time->seconds() > TimeUtil::kTimestampMaxSeconds) {
    v.Add(path, label_zh + "不是有效的时间（1990 年以后） / the " + label_en +
                    " is not a valid time (after 1990)");
    return std::nullopt;
  }
  const int64_t micros = TimeUtil::TimestampToMicroseconds(*time);
  if (micros > NowMicros() + kClockSkewMicros) {
    v.Add(path, label_zh + "不能晚于现在 / the " + label_en + " cannot be in the future");
    return std::nullopt;
  }
  return micros;
}

void CheckLegalBases(const google::protobuf::RepeatedPtrField<v1::LegalBasis>& bases, int min,
                     const std::string& path, core::FieldViolations& v) {
  if (bases.size() < min) {
    v.Add(path,
          "须至少写明一项法律依据（法律文件名称和条款） / at least one legal basis (law and "
          "article) is required");
    return;
  }
  if (bases.size() > kMaxLegalBases) {
    v.Add(path, "法律依据不能超过 50 项 / at most 50 legal bases");
    return;
  }
  for (int i = 0; i < bases.size(); ++i) {
    CheckText(bases[i].instrument(), kInstrument, Index(path, i) + ".instrument", v);
    CheckText(bases[i].article(), kArticle, Index(path, i) + ".article", v);
    CheckText(bases[i].text(), kProvisionText, Index(path, i) + ".text", v);
  }
}

bool CaseHasDocument(const v1::CaseFile& c, const std::string& name) {
  for (const v1::CaseDocument& d : c.documents()) {
    if (d.name() == name) return true;
  }
  return false;
}

void CheckDocumentRefs(const google::protobuf::RepeatedPtrField<std::string>& refs,
                       const v1::CaseFile& c, const std::string& path, core::FieldViolations& v) {
  if (refs.size() > kMaxDocumentRefs) {
    v.Add(path, "引用的材料不能超过 50 份 / at most 50 documents");
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < refs.size(); ++i) {
    if (!CaseHasDocument(c, refs[i])) {
      v.Add(Index(path, i), "“" + refs[i] + "”不是本案已上传的材料，请先上传（格式 " + c.name() +
                                "/documents/{id}） / '" + refs[i] +
                                "' is not a document of this case; upload it first");
    } else if (!seen.insert(refs[i]).second) {
      v.Add(Index(path, i), "材料重复 / this document is listed twice");
    }
  }
}

const v1::Party* FindParty(const v1::CaseFile& c, const std::string& party_id) {
  if (party_id.empty()) return nullptr;  // parties filed without an id cannot be referred to
  for (const v1::Party& p : c.parties()) {
    if (p.party_id() == party_id) return &p;
  }
  return nullptr;
}

bool IsNameIn(std::string_view name, std::string_view collection) {
  if (name.size() <= collection.size() + 1 || !name.starts_with(collection) ||
      name[collection.size()] != '/') {
    return false;
  }
  return name.find('/', collection.size() + 1) == std::string_view::npos;
}

bool PoliceFiledReferral(const v1::CaseFile& c) {
  for (const v1::ReferralLink& link : c.referrals()) {
    if (link.stage() == v1::ReferralLink::STAGE_FILED_BY_POLICE) return true;
  }
  return false;
}

bool AnyDecisionInForce(const v1::CaseFile& c) {
  for (const v1::PenaltyDecision& d : c.penalty_decisions()) {
    if (d.state() == v1::PenaltyDecision::STATE_IN_FORCE) return true;
  }
  return false;
}

bool ThresholdMet(const v1::CaseFile& c) {
  return c.assessment().overall_outcome() == v1::ASSESSMENT_OUTCOME_MET;
}

v1::Actor ActorOf(const core::Principal& caller) {
  v1::Actor actor;
  actor.set_user(caller.user());
  actor.set_organisation(caller.organisation());
  actor.set_display_name(caller.claims.display_name());
  return actor;
}

google::protobuf::Timestamp NowTimestamp() {
  return TimeUtil::MicrosecondsToTimestamp(NowMicros());
}

}  // namespace casebridge::intake
