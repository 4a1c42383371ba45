#include "services/referral/referral_fields.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <optional>
#include <regex>
#include <set>

#include "services/core/digest.h"
#include "services/law/calendar.h"
#include "services/law/identifier_text.h"
#include "services/law/referral_terms.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;

constexpr int kMaxListed = 100;  // documents, goods lines, offences or bases in one act
constexpr TextRule kGoodsNote{"备注", "note", 500, false, false};
constexpr TextRule kInstrument{"法律文件名称", "instrument", 200, true, true};
constexpr TextRule kArticle{"条款", "article", 100, false, true};
constexpr TextRule kProvision{"条文内容", "provision text", 2000, false, false};

std::string Indexed(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

// The id after `prefix` when `name` is `prefix` + one segment.
std::string SegmentAfter(const std::string& prefix, const std::string& name) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return "";
  std::string id = name.substr(prefix.size());
  return id.size() <= 100 && id.find('/') == std::string::npos ? id : "";
}

// A quantity "12.5" in millionths, the finest unit intake records (6 decimals); nullopt when
// the text is not such a number.
std::optional<int64_t> Millionths(const std::string& quantity) {
  static const std::regex kDecimal("^([0-9]{1,12})(?:\\.([0-9]{1,6}))?$");
  std::smatch m;
  if (!std::regex_match(quantity, m, kDecimal)) return std::nullopt;
  std::string fraction = m[2].str();
  fraction.resize(6, '0');
  return std::stoll(m[1].str()) * 1'000'000 + std::stoll(fraction);
}

bool TooMany(int size, const std::string& path, FieldViolations& v) {
  if (size <= kMaxListed) return false;
  v.Add(path, "一次最多列出 " + std::to_string(kMaxListed) + " 项 / at most " +
                  std::to_string(kMaxListed) + " entries at once");
  return true;
}

}  // namespace

void CheckText(std::string_view text, const std::string& path, const TextRule& rule,
               FieldViolations& v) {
  const std::string zh(rule.zh);
  const std::string en(rule.en);
  if (law::TrimAsciiWhitespace(law::ToHalfWidth(text)).empty()) {
    if (rule.required) v.Add(path, "须填写" + zh + " / the " + en + " is required");
    return;
  }
  if (const size_t n = law::SplitUtf8Characters(text).size(); n > rule.max_characters) {
    const std::string max = std::to_string(rule.max_characters);
    v.Add(path, zh + "不能超过 " + max + " 个字（现有 " + std::to_string(n) + " 个） / the " + en +
                    " holds at most " + max + " characters (this one has " + std::to_string(n) +
                    ")");
    return;
  }
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool breaks_line = c == '\n' || c == '\r' || c == '\t';
    if ((byte < 0x20 || byte == 0x7F) && (rule.single_line || !breaks_line)) {
      v.Add(path, zh + "只能是一行文字，不能含有换行或控制字符 / the " + en +
                      " must be one line of text without line breaks or control characters");
      return;
    }
  }
}

bool IsUserName(const std::string& name) {
  static const std::regex kUser("^users/[a-z0-9][a-z0-9._-]{0,62}$");
  return std::regex_match(name, kUser);
}

void ValidateTaskForce(const v1::Referral::TaskForce& t, const std::string& path,
                       FieldViolations& v) {
  std::set<std::string> members;
  for (int i = 0; i < t.members_size(); ++i) {
    if (!IsUserName(t.members(i))) {
      v.Add(path + ".members[" + std::to_string(i) + "]",
            "须为用户名称，格式 users/{id} / expected a user, written users/{id}");
    } else if (!members.insert(t.members(i)).second) {
      v.Add(path + ".members[" + std::to_string(i) + "]",
            "同一人不能重复列入专案组 / the same officer is listed twice");
    }
  }
  if (members.size() < 2) {
    v.Add(path + ".members",
          "专案组至少由两名执法人员组成（国务院令第310号第五条） / a task force needs at least two "
          "officers (国务院令第310号 art. 5)");
  }
  if (t.leader().empty()) {
    v.Add(path + ".leader", "须指定专案组组长 / name the task force's leader");
  } else if (!members.contains(t.leader())) {
    v.Add(path + ".leader", "组长须是专案组成员 / the leader must be one of the members");
  }
}

v1::Referral::CaseSnapshot CaseSnapshotOf(const v1::CaseFile& c, int64_t now_micros) {
  v1::Referral::CaseSnapshot s;
  *s.mutable_case_file() = c;
  s.set_sha256_hex(core::StateDigest(c));
  *s.mutable_snapshot_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(now_micros);
  s.set_case_etag(c.etag());
  return s;
}

void CheckOrganisationName(const std::string& name, const std::string& path, FieldViolations& v) {
  static const std::regex kOrganisation("^organisations/[a-z][a-z0-9-]{1,61}[a-z0-9]$");
  if (name.empty()) {
    v.Add(path,
          "须指明机关，格式 organisations/{id} / name the organisation, written "
          "organisations/{id}");
  } else if (!std::regex_match(name, kOrganisation)) {
    v.Add(path,
          "机关名称格式应为 organisations/{id}，如 organisations/nt-psb / expected "
          "organisations/{id}, e.g. organisations/nt-psb");
  }
}

grpc::Status CheckOrganisationKind(OrganisationDirectory* directory,
                                   const grpc::ServerContextBase& caller, const std::string& name,
                                   v1::OrganisationKind kind, std::string_view kind_zh,
                                   std::string_view kind_en, const std::string& path) {
  v1::Organisation found;
  const grpc::Status s = directory == nullptr
                             ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "no directory")
                             : directory->Get(caller, name, &found);
  FieldViolations v;
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    v.Add(path, "没有单位 " + name + " / there is no organisation " + name);
  } else if (!s.ok()) {
    return core::StatusWithReason(grpc::StatusCode::UNAVAILABLE,
                                  "暂时无法核对单位，请稍后重试 / The organisation cannot be "
                                  "checked just now; try again shortly (" +
                                      s.error_message() + ")",
                                  "DIRECTORY_UNAVAILABLE");
  } else if (found.kind() != kind) {
    v.Add(path, found.display_name() + "不是" + std::string(kind_zh) + " / " + name + " is not " +
                    std::string(kind_en));
  }
  return v.empty() ? grpc::Status::OK : v.ToStatus();
}

void CheckOffences(const google::protobuf::RepeatedField<int>& offences, const std::string& path,
                   FieldViolations& v) {
  if (offences.empty()) {
    v.Add(path, "至少列出一个罪名 / name at least one offence");
    return;
  }
  if (TooMany(offences.size(), path, v)) return;
  std::set<int> seen;
  for (int i = 0; i < offences.size(); ++i) {
    const int o = offences.Get(i);
    if (o == v1::OFFENCE_UNSPECIFIED || !v1::Offence_IsValid(o)) {
      v.Add(Indexed(path, i), "不是可选的罪名 / not a known offence");
    } else if (!seen.insert(o).second) {
      v.Add(Indexed(path, i), "同一罪名重复列出 / the offence is listed twice");
    }
  }
}

void CheckLegalBases(const google::protobuf::RepeatedPtrField<v1::LegalBasis>& bases,
                     const std::string& path, FieldViolations& v) {
  if (TooMany(bases.size(), path, v)) return;
  for (int i = 0; i < bases.size(); ++i) {
    const std::string p = Indexed(path, i);
    CheckText(bases[i].instrument(), p + ".instrument", kInstrument, v);
    CheckText(bases[i].article(), p + ".article", kArticle, v);
    CheckText(bases[i].text(), p + ".text", kProvision, v);
  }
}

void CheckPastDate(const v1::Date& date, const std::string& path, FieldViolations& v) {
  using namespace std::chrono;
  const year_month_day ymd{year{date.year()}, month{static_cast<unsigned>(date.month())},
                           day{static_cast<unsigned>(date.day())}};
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    v.Add(path, "须填写日期 / the date is required");
  } else if (date.year() < 1990 || date.month() < 1 || date.day() < 1 || !ymd.ok()) {
    v.Add(path, "不是有效的日期 / not a valid date");
  } else if (sys_days(ymd) > sys_days(law::ShanghaiDate(system_clock::now()))) {
    v.Add(path, "日期不能晚于今天 / the date cannot be after today");
  }
}

void CheckGoodsLines(const google::protobuf::RepeatedPtrField<v1::Referral::HandedOverItem>& lines,
                     const std::string& path, FieldViolations& v) {
  static const std::regex kSeizedItem("^caseFiles/[^/]{1,100}/seizedItems/[^/]{1,100}$");
  if (TooMany(lines.size(), path, v)) return;
  std::set<std::string> seen;
  for (int i = 0; i < lines.size(); ++i) {
    const std::string p = Indexed(path, i);
    const v1::Referral::HandedOverItem& line = lines[i];
    if (!std::regex_match(line.seized_item(), kSeizedItem)) {
      v.Add(p + ".seized_item",
            "须为本案的涉案物品，格式 caseFiles/{id}/seizedItems/{id} / expected a seized item of "
            "the case, written caseFiles/{id}/seizedItems/{id}");
    } else if (!seen.insert(line.seized_item()).second) {
      v.Add(p + ".seized_item",
            "同一物品重复列出，请合并为一行 / the item is listed twice; "
            "put it on one line");
    }
    const std::optional<int64_t> quantity = Millionths(line.quantity());
    if (!quantity) {
      v.Add(p + ".quantity",
            "数量须为阿拉伯数字，可带至多 6 位小数，如 120 或 12.5 / the quantity is a number "
            "in digits with at most 6 decimals, e.g. 120 or 12.5");
    } else if (*quantity == 0) {
      v.Add(p + ".quantity", "数量须大于 0 / the quantity must be greater than 0");
    }
    CheckText(line.note(), p + ".note", kGoodsNote, v);
  }
}

void CheckGoodsAgainstSnapshot(
    const google::protobuf::RepeatedPtrField<v1::Referral::HandedOverItem>& lines,
    const v1::CaseFile& snapshot, const std::string& path, FieldViolations& v) {
  for (int i = 0; i < lines.size(); ++i) {
    const v1::SeizedItem* seized = nullptr;
    for (const v1::SeizedItem& item : snapshot.seized_items()) {
      if (item.name() == lines[i].seized_item()) seized = &item;
    }
    const std::string p = Indexed(path, i);
    if (seized == nullptr) {
      v.Add(p + ".seized_item",
            "移送时的案件中没有该涉案物品 / the case as referred holds no "
            "such seized item");
      continue;
    }
    if (seized->state() == v1::SeizedItem::STATE_DISPOSED) {
      v.Add(p + ".seized_item",
            "该物品在移送前已处置 / the item was disposed of before the "
            "referral");
    }
    const auto limit = Millionths(seized->quantity());
    const auto quantity = Millionths(lines[i].quantity());
    if (limit && quantity && *quantity > *limit) {
      v.Add(p + ".quantity", "不能超过查扣数量 " + seized->quantity() + seized->unit() +
                                 " / cannot exceed the " + seized->quantity() + " " +
                                 seized->unit() + " seized");
    }
  }
}

bool IsPenaltyDecisionOf(const std::string& name, const std::string& case_file) {
  return !SegmentAfter(case_file + "/penaltyDecisions/", name).empty();
}

void DocumentMentions::Add(const std::string& name, const std::string& path, FieldViolations& v) {
  if (name.empty()) return;
  const std::string id = SegmentAfter(referral_ + "/documents/", name);
  if (id.empty()) {
    v.Add(path, "须为本移送的文件，格式 " + referral_ +
                    "/documents/{id}，请先上传 / expected a document of this referral, written " +
                    referral_ + "/documents/{id}; upload it first");
    return;
  }
  mentions_.emplace_back(path, id);
}

void DocumentMentions::AddAll(const google::protobuf::RepeatedPtrField<std::string>& names,
                              const std::string& path, FieldViolations& v) {
  if (TooMany(names.size(), path, v)) return;
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    if (!seen.insert(names[i]).second) {
      v.Add(Indexed(path, i), "同一文件重复列出 / the document is listed twice");
    } else if (names[i].empty()) {
      v.Add(Indexed(path, i), "文件名称不能为空 / the document name is empty");
    } else {
      Add(names[i], Indexed(path, i), v);
    }
  }
}

void DocumentMentions::CheckStored(pqxx::transaction_base& tx, ReferralRepository& repository,
                                   FieldViolations& v) const {
  const std::string referral_id = ReferralIdFromName(referral_);
  for (const auto& [path, document_id] : mentions_) {
    if (!repository.DocumentContentSlice(tx, referral_id, document_id, 0, 0)) {
      v.Add(path,
            "本移送没有该文件，请先上传 / this referral holds no such document; upload it "
            "first");
    }
  }
}

grpc::Status NotInThisState(v1::Referral::State state, const std::string& why) {
  const auto s = static_cast<law::referral::State>(state);
  const std::string code(law::referral::StateCode(s));
  return core::StatusWithReason(grpc::StatusCode::FAILED_PRECONDITION,
                                "移送当前处于“" + std::string(law::referral::StateNameZh(s)) +
                                    "”状态 / The referral is " + code + ". " + why,
                                "WRONG_STATE", {{"state", code}});
}

}  // namespace casebridge::referral
